"""The response shapes Tailor sends, with the cache headers that keep shared caches correct."""

from __future__ import annotations

from collections.abc import Iterable

from litestar import MediaType, Response
from litestar.response import Redirect

HTML = MediaType.HTML
CANONICAL_CACHE = "public, max-age=300"
"""Canonical URLs fully determine their content, so any cache may keep them."""
PRIVATE = "private, no-store"
"""For responses that depend on a cookie or on Accept-Language, and for errors."""


def content_language(locales: Iterable[str]) -> str:
    """`Content-Language` for the locales actually used, without repeats, in order of appearance."""
    return ", ".join(dict.fromkeys(locales))


def html_page(
    html: str, *, locales: Iterable[str], status_code: int = 200, cache_control: str = CANONICAL_CACHE
) -> Response[str]:
    """An HTML page."""
    return Response(
        html,
        status_code=status_code,
        media_type=HTML,
        headers={"Cache-Control": cache_control, "Content-Language": content_language(locales)},
    )


def resolved_redirect(path: str) -> Redirect:
    """A 307 to a canonical URL, decided from the cookie or Accept-Language: never stored by a cache."""
    return Redirect(path, status_code=307, headers={"Cache-Control": PRIVATE, "Vary": "Cookie, Accept-Language"})
