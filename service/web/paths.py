"""Canonical URLs, and reading a local `next` path back into what it points at.

A canonical URL spells out the audience and locale, so it alone determines a rendition:
`/{locale}/{audience}/answers/{slug}`, and the list at `/{locale}/{audience}/answers`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit

from service.delivery.resolution import Choice

API_PREFIX = "/api/v1"
_CANONICAL_ANSWER = re.compile(r"^/[^/]+/[^/]+/answers/(?P<slug>[^/]+)/?$")
_BARE_ANSWER = re.compile(r"^/answers/(?P<slug>[^/]+)/?$")


def index_path(choice: Choice) -> str:
    """The answer list for a choice."""
    return f"/{choice.locale}/{choice.audience.value}/answers"


def answer_path(choice: Choice, slug: str) -> str:
    """The canonical page of one answer for a choice."""
    return f"{index_path(choice)}/{quote(slug, safe='')}"


def policy_path(choice: Choice) -> str:
    """The editorial policy page for a choice."""
    return f"/{choice.locale}/{choice.audience.value}/editorial-policy"


def bare_answer_path(slug: str) -> str:
    """An answer's URL without a choice: it redirects by the reader's cookie or Accept-Language."""
    return f"/answers/{quote(slug, safe='')}"


def api_answer_path(choice: Choice, slug: str, *, with_locale: bool = True) -> str:
    """The JSON rendition of one answer for a choice (without `locale`: negotiated by Accept-Language)."""
    parameters = (
        {"audience": choice.audience.value, "locale": choice.locale}
        if with_locale
        else {"audience": choice.audience.value}
    )
    return f"{API_PREFIX}/answers/{quote(slug, safe='')}?{urlencode(parameters)}"


def is_local_path(value: str) -> bool:
    """True only for a path on this site: no scheme, no host, no `//` or `/\\` that browsers read as a host."""
    if not value.startswith("/") or value.startswith(("//", "/\\")):
        return False
    if any(ord(character) < 0x20 or character == "\\" for character in value):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc


def retarget(next_path: str, choice: Choice) -> str:
    """Where `next` leads in a new choice: the same answer if it names one, else the answer list.

    `next_path` must already be known local (`is_local_path`).
    """
    path = urlsplit(next_path).path
    found = _CANONICAL_ANSWER.match(path) or _BARE_ANSWER.match(path)
    if found is not None:
        return answer_path(choice, found.group("slug"))
    if path.rstrip("/").endswith("/editorial-policy"):
        return policy_path(choice)
    return index_path(choice)
