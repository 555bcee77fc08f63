"""Response helpers for what is not a cached rendition."""

from __future__ import annotations

from litestar.response import Redirect

from service.rendition.encoded import PRIVATE

__all__ = ["resolved_redirect", "see_other"]


def resolved_redirect(path: str) -> Redirect:
    """A 307 to a canonical URL, decided from the cookie or Accept-Language: never stored by a cache."""
    return Redirect(path, status_code=307, headers={"Cache-Control": PRIVATE, "Vary": "Cookie, Accept-Language"})


def see_other(path: str) -> Redirect:
    """A 303 after a form was handled: the browser GETs `path` next, and nothing keeps the response."""
    return Redirect(path, status_code=303, headers={"Cache-Control": PRIVATE})
