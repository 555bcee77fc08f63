"""Canonical URLs: the one module that builds them and reads them back.

A canonical URL spells out everything its rendition depends on — kind, answer, audience, locale —
so it alone determines the response and any shared cache can store it by URL. The route
decorators use the path templates here, links are built with `url_for`, and the fast path reads
warm requests with `parse`; a test round-trips every kind.

    /{locale}/{audience}/answers/{slug}             answer page
    /{locale}/{audience}/answers                    answer list page
    /{locale}/{audience}/editorial-policy           editorial policy page
    /api/v1/answers/{slug}?audience=…&locale=…      answer JSON
    /api/v1/answers?audience=…&locale=…             answer list JSON
    /api/v1/audiences?locale=…                      audience labels JSON
    /api/v1/locales?locale=…                        locale names JSON
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import quote, urlencode, urlsplit

from service.choice import Choice, Resolution

__all__ = [
    "API_PREFIX",
    "BARE_ANSWER_ROUTE",
    "BARE_INDEX_ROUTE",
    "CHOOSER_ROUTE",
    "DEPENDS",
    "EDITORIAL_LANGUAGE_COOKIE",
    "EDITORIAL_PATH",
    "FEEDBACK_ROUTE",
    "FEEDBACK_SENT_ROUTE",
    "MAX_PAGE_SIZE",
    "PAGE_SIZE",
    "ROUTES",
    "Depends",
    "RenditionKey",
    "RenditionKind",
    "answer_path",
    "api_answer_path",
    "bare_answer_path",
    "bare_location",
    "chooser_path",
    "feedback_path",
    "feedback_sent_path",
    "index_path",
    "is_local_path",
    "key_for",
    "negotiated_api_answer_path",
    "parse",
    "parse_bare",
    "policy_path",
    "retarget",
    "search_path",
    "url_for",
]

API_PREFIX = "/api/v1"
EDITORIAL_PATH = "/editorial"
"""Where the editorial pages live: their session, their middleware and their error pages stay under it."""
EDITORIAL_LANGUAGE_COOKIE = "tailor-editorial-language"
"""The language an editor chose for the editorial pages; sent only under `EDITORIAL_PATH`."""


class Depends(StrEnum):
    """What a rendition's content depends on, beyond code and translations."""

    ANSWER = "answer"
    """One answer (and the questions of the answers it links to)."""
    CATALOG = "catalog"
    """Every answer."""
    FEED = "feed"
    """Every answer, and how far the catalog has followed its store: the manifest, which hands out a token."""
    NOTHING = "nothing"
    """Only code and translations: never stale while the process runs."""


class RenditionKind(StrEnum):
    """Every kind of canonical URL; the value is also the name of its route and its metrics label."""

    ANSWER_HTML = "answer-html"
    INDEX_HTML = "index-html"
    POLICY_HTML = "policy-html"
    ANSWER_JSON = "answer-json"
    LIST_JSON = "list-json"
    AUDIENCES_JSON = "audiences-json"
    LOCALES_JSON = "locales-json"
    MANIFEST_JSON = "manifest-json"

    @property
    def depends_on(self) -> Depends:
        """What content the rendition is a function of."""
        return DEPENDS[self]

    @property
    def has_audience(self) -> bool:
        """Whether the URL names an audience (labels and locale names are the same for every audience)."""
        return self not in {RenditionKind.AUDIENCES_JSON, RenditionKind.LOCALES_JSON}


DEPENDS = {
    RenditionKind.ANSWER_HTML: Depends.ANSWER,
    RenditionKind.ANSWER_JSON: Depends.ANSWER,
    RenditionKind.INDEX_HTML: Depends.CATALOG,
    RenditionKind.LIST_JSON: Depends.CATALOG,
    RenditionKind.POLICY_HTML: Depends.NOTHING,
    RenditionKind.AUDIENCES_JSON: Depends.NOTHING,
    RenditionKind.LOCALES_JSON: Depends.NOTHING,
    RenditionKind.MANIFEST_JSON: Depends.FEED,
}
"""What each kind of rendition is a function of (`RenditionKind.depends_on`)."""


class RenditionKey(NamedTuple):
    """What a canonical URL determines."""

    kind: RenditionKind
    slug: str
    """The answer's slug, or "" for renditions of the whole catalog or of no content."""
    audience: str
    """"" for kinds that do not depend on the audience."""
    locale: str
    page: int = 1
    """For the answer lists: which page (from 1)."""
    page_size: int = 0
    """For the JSON answer list: answers per page; 0 for the default (`PAGE_SIZE`)."""


PAGE_SIZE = 50
"""Answers per page of a list, unless the JSON list is asked for another number."""
MAX_PAGE_SIZE = 100
"""The most answers one page of the JSON list holds."""
_LISTS = frozenset({"page", "page_size"})


def _positive(value: str | None, default: int) -> int | None:
    """`value` as a page number or size (digits, no leading zero); `default` when absent; None when malformed."""
    if value is None:
        return default
    return int(value) if value.isascii() and value.isdigit() and not value.startswith("0") else None


_SHAPES: dict[RenditionKind, str] = {
    RenditionKind.ANSWER_HTML: "/answers/{slug}",
    RenditionKind.INDEX_HTML: "/answers",
    RenditionKind.POLICY_HTML: "/editorial-policy",
    RenditionKind.ANSWER_JSON: "/answers/{slug}",
    RenditionKind.LIST_JSON: "/answers",
    RenditionKind.AUDIENCES_JSON: "/audiences",
    RenditionKind.LOCALES_JSON: "/locales",
    RenditionKind.MANIFEST_JSON: "/manifest",
}
"""Each kind's path after its prefix: `/{locale}/{audience}` for pages, `API_PREFIX` for JSON."""
_JSON = frozenset(
    {
        RenditionKind.ANSWER_JSON,
        RenditionKind.LIST_JSON,
        RenditionKind.AUDIENCES_JSON,
        RenditionKind.LOCALES_JSON,
        RenditionKind.MANIFEST_JSON,
    }
)

ROUTES: dict[RenditionKind, str] = {
    kind: ("" if kind in _JSON else "/{locale:str}/{audience:str}") + shape.replace("{slug}", "{slug:str}")
    for kind, shape in _SHAPES.items()
}
"""Route path templates, as the handlers declare them (JSON ones on a controller at `API_PREFIX`)."""
BARE_INDEX_ROUTE = "/answers"
BARE_ANSWER_ROUTE = "/answers/{slug:str}"
CHOOSER_ROUTE = "/{locale:str}/choose"
"""The chooser, "Which best describes you?", asked before a reader without a choice sees an answer."""


def url_for(key: RenditionKey) -> str:
    """The canonical URL of a rendition."""
    path = _SHAPES[key.kind].format(slug=quote(key.slug, safe=""))
    paging = {"page": str(key.page)} if key.page > 1 else {}
    if key.kind not in _JSON:
        return f"/{key.locale}/{key.audience}{path}" + (f"?{urlencode(paging)}" if paging else "")
    query = {"audience": key.audience, "locale": key.locale} if key.kind.has_audience else {"locale": key.locale}
    if key.page_size not in {0, PAGE_SIZE}:
        paging["page_size"] = str(key.page_size)
    return f"{API_PREFIX}{path}?{urlencode({**query, **paging})}"


def _query(query_string: bytes) -> dict[str, str] | None:
    """`audience=family&locale=es` → its pairs; None for anything that needs decoding or repeats a name."""
    if not query_string:
        return {}
    if b"%" in query_string or b"+" in query_string:
        return None
    pairs: dict[str, str] = {}
    for item in query_string.decode("latin-1").split("&"):
        name, _, value = item.partition("=")
        if name in pairs:
            return None
        pairs[name] = value
    return pairs


_API_PARTS = ("", "api", "v1")


@lru_cache(maxsize=8192)  # the same few URLs arrive again and again: read each once
def parse(path: str, query_string: bytes) -> RenditionKey | None:  # noqa: PLR0911 - one return per URL shape
    """The rendition a GET of this URL returns when nothing but the URL decides it; else None.

    Values are not checked here: a key naming an unknown audience or locale is simply never in the
    cache, and the route that answers it says what is wrong. Query strings on pages (`?utm_…`) do
    not change the page.
    """
    parts = path.split("/")
    if tuple(parts[:3]) == _API_PARTS:
        query = _query(query_string)
        if query is None or "locale" not in query or not set(query) <= {"audience", "locale", *_LISTS}:
            return None
        audience, locale = query.get("audience", ""), query["locale"]
        if parts[3:] == ["answers"] and audience:
            page, size = _positive(query.get("page"), 1), _positive(query.get("page_size"), 0)
            if page is None or size is None:
                return None
            return RenditionKey(RenditionKind.LIST_JSON, "", audience, locale, page, 0 if size == PAGE_SIZE else size)
        if set(query) & _LISTS:
            return None
        match parts[3:]:
            case ["answers", slug] if audience:
                return RenditionKey(RenditionKind.ANSWER_JSON, slug, audience, locale)
            case ["manifest"] if audience:
                return RenditionKey(RenditionKind.MANIFEST_JSON, "", audience, locale)
            case ["audiences"] if not audience:
                return RenditionKey(RenditionKind.AUDIENCES_JSON, "", "", locale)
            case ["locales"] if not audience:
                return RenditionKey(RenditionKind.LOCALES_JSON, "", "", locale)
        return None
    match parts:
        case ["", locale, audience, "answers", slug]:
            return RenditionKey(RenditionKind.ANSWER_HTML, slug, audience, locale)
        case ["", locale, audience, "answers"]:
            query = _query(query_string)
            page = _positive(query.get("page") if query is not None else None, 1)
            return RenditionKey(RenditionKind.INDEX_HTML, "", audience, locale, page) if page is not None else None
        case ["", locale, audience, "editorial-policy"]:
            return RenditionKey(RenditionKind.POLICY_HTML, "", audience, locale)
    return None


def key_for(kind: RenditionKind, choice: Choice, slug: str = "", page: int = 1, page_size: int = 0) -> RenditionKey:
    """The key of a kind of rendition for a choice (and an answer, for per-answer kinds; a page, for lists)."""
    size = 0 if page_size == PAGE_SIZE else page_size
    return RenditionKey(kind, slug, choice.audience.value if kind.has_audience else "", choice.locale, page, size)


def index_path(choice: Choice) -> str:
    """The answer list for a choice."""
    return url_for(key_for(RenditionKind.INDEX_HTML, choice))


def answer_path(choice: Choice, slug: str) -> str:
    """The canonical page of one answer for a choice."""
    return url_for(key_for(RenditionKind.ANSWER_HTML, choice, slug))


def policy_path(choice: Choice) -> str:
    """The editorial policy page for a choice."""
    return url_for(key_for(RenditionKind.POLICY_HTML, choice))


def api_answer_path(choice: Choice, slug: str) -> str:
    """The JSON rendition of one answer for a choice."""
    return url_for(key_for(RenditionKind.ANSWER_JSON, choice, slug))


def negotiated_api_answer_path(choice: Choice, slug: str) -> str:
    """One answer's JSON without `locale`: negotiated from Accept-Language (not canonical; `x-default`)."""
    return f"{API_PREFIX}/answers/{quote(slug, safe='')}?{urlencode({'audience': choice.audience.value})}"


FEEDBACK_ROUTE = "/{locale:str}/{audience:str}/answers/{slug:str}/feedback"
"""The form to report a problem with a section of an answer (or ask about it)."""
FEEDBACK_SENT_ROUTE = "/{locale:str}/{audience:str}/feedback/sent"


def feedback_path(choice: Choice, slug: str) -> str:
    """An answer's feedback form in a choice."""
    return f"{answer_path(choice, slug)}/feedback"


def search_path(choice: Choice, query: dict[str, str] | None = None) -> str:
    """The search page in a choice, with its query (`q`, `page`)."""
    path = f"/{choice.locale}/{choice.audience.value}/search"
    return f"{path}?{urlencode(query)}" if query else path


def feedback_sent_path(choice: Choice) -> str:
    """The page that thanks a reader for their message."""
    return f"/{choice.locale}/{choice.audience.value}/feedback/sent"


def chooser_path(locale: str, next_path: str) -> str:
    """The chooser in `locale`, continuing to `next_path` (a bare path) once the reader has chosen."""
    return f"/{locale}/choose?{urlencode({'next': next_path})}"


def parse_bare(path: str) -> str | None:
    """The slug a bare URL names: "" for the answer list (`/`, `/answers`), None when `path` is not bare."""
    match path.split("/"):
        case ["", ""] | ["", "answers"]:
            return ""
        case ["", "answers", slug] if slug:
            return slug
    return None


def bare_location(resolution: Resolution, slug: str) -> str:
    """Where a bare URL for `slug` ("" for the list) leads.

    The chooser when nobody chose an audience yet, else the canonical page of the remembered choice.
    """
    choice = resolution.choice
    if resolution.needs_choice:
        return chooser_path(choice.locale, bare_answer_path(slug) if slug else BARE_INDEX_ROUTE)
    return answer_path(choice, slug) if slug else index_path(choice)


def bare_answer_path(slug: str) -> str:
    """An answer's URL without a choice: it redirects by the reader's cookie or Accept-Language."""
    return f"/answers/{quote(slug, safe='')}"


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
    if path != "/":
        path = path.rstrip("/")
    key = parse(path, b"")
    if key is not None and key.kind is RenditionKind.POLICY_HTML:
        return policy_path(choice)
    if key is not None and key.kind is RenditionKind.ANSWER_HTML:
        return answer_path(choice, key.slug)
    match path.split("/"):
        case ["", "answers", slug]:
            return answer_path(choice, slug)
    return index_path(choice)
