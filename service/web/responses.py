"""Response helpers for what is not a cached rendition."""

from __future__ import annotations

from typing import Any, Literal, cast

from litestar import Request
from litestar.response import Redirect

from service.rendition.encoded import PRIVATE
from service.web.dependencies import HTTPS_SCOPE_KEY

__all__ = ["ONE_YEAR", "remember", "resolved_redirect", "see_other"]

ONE_YEAR = 365 * 24 * 60 * 60
"""How long a reader's or an editor's choice is remembered."""


def resolved_redirect(path: str) -> Redirect:
    """A 307 to a canonical URL, decided from the cookie or Accept-Language: never stored by a cache."""
    return Redirect(path, status_code=307, headers={"Cache-Control": PRIVATE, "Vary": "Cookie, Accept-Language"})


def see_other(path: str) -> Redirect:
    """A 303 after a form was handled: the browser GETs `path` next, and nothing keeps the response."""
    return Redirect(path, status_code=303, headers={"Cache-Control": PRIVATE})


def remember(
    response: Redirect,
    request: Request[Any, Any, Any],
    name: str,
    value: str,
    *,
    path: str,
    samesite: Literal["lax", "strict"],
) -> None:
    """Keep a choice in a cookie for a year: script cannot read it, and it is `Secure` over HTTPS."""
    response.set_cookie(
        name,
        value,
        max_age=ONE_YEAR,
        path=path,
        samesite=samesite,
        httponly=True,
        secure=bool(cast("dict[str, object]", request.scope).get(HTTPS_SCOPE_KEY, request.url.scheme == "https")),
    )
