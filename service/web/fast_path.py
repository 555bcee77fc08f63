"""The outermost ASGI layer: what every request gets, and warm canonical renditions served without routing.

Every response leaves through here with the protective headers (`security.py`), an `X-Request-ID`
and `X-Content-Revision`: the catalog revision read once when the request arrived, the only catalog
the request sees (handlers get it as their `catalog` dependency). HEAD works wherever GET does.

A canonical URL names its rendition completely, so a warm request needs no routing, validation or
rendering: its key is read off the path, the cache is asked whether that key is current for the
catalog being served, and the cached bytes go out through the same `respond` the route handlers
use. Anything else — a miss, a non-canonical URL, another method — goes to Litestar unchanged.
"""

from __future__ import annotations

import logging
import time
from typing import cast

from litestar import Litestar
from litestar.enums import ScopeType
from litestar.types import HTTPScope, Message, Receive, Scope, Send

from service.content.catalog import Catalog
from service.delivery.rendition_cache import RenditionKey
from service.logs import REQUEST_ID
from service.web.conditional import RawResponse, respond
from service.web.renditions import Renditions
from service.web.security import is_https, request_id, security_headers
from service.web.site import CATALOG_SCOPE_KEY, HTTPS_SCOPE_KEY

_API = ("", "api", "v1")


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


def canonical_key(path: str, query_string: bytes) -> RenditionKey | None:  # noqa: PLR0911 - one return per URL shape
    """The rendition a GET of this URL returns when nothing but the URL decides it; else None."""
    parts = path.split("/")
    if tuple(parts[:3]) == _API:
        query = _query(query_string)
        if query is None or "locale" not in query or not set(query) <= {"audience", "locale"}:
            return None
        audience, locale = query.get("audience", ""), query["locale"]
        match parts[3:]:
            case ["answers", slug] if audience:
                return RenditionKey("answer-json", slug, audience, locale)
            case ["answers"] if audience:
                return RenditionKey("list-json", "", audience, locale)
            case ["audiences"] if not audience:
                return RenditionKey("audiences-json", "", "", locale)
            case ["locales"] if not audience:
                return RenditionKey("locales-json", "", "", locale)
        return None
    match parts:
        case ["", locale, audience, "answers", slug]:
            return RenditionKey("answer-html", slug, audience, locale)
        case ["", locale, audience, "answers"]:
            return RenditionKey("index-html", "", audience, locale)
        case ["", locale, audience, "editorial-policy"]:
            return RenditionKey("policy-html", "", audience, locale)
    return None


_ALWAYS_ANSWERED = frozenset({"/health", "/ready", "/metrics"})
"""Operators need these while the content is still loading."""
_NOT_READY = b"Starting: the content is still loading. Try again in a moment.\n"
_NOT_READY_HEADERS = [
    (b"content-type", b"text/plain; charset=utf-8"),
    (b"cache-control", b"no-store"),
    (b"retry-after", b"1"),
    (b"content-length", str(len(_NOT_READY)).encode()),
]
MAX_HEADER_BYTES = 16 * 1024
MAX_HEADER_COUNT = 100


def _headers_too_large(scope: HTTPScope) -> bool:
    """Refuse oversized header blocks before anything parses them (the server's own limit is larger)."""
    count = size = 0
    for name, value in scope["headers"]:
        count += 1
        size += len(name) + len(value)
    return count > MAX_HEADER_COUNT or size > MAX_HEADER_BYTES


def _finishing(send: Send, headers: list[tuple[bytes, bytes]], *, head: bool, status: list[int]) -> Send:
    """Add `headers` to the response Litestar sends; for HEAD, drop its body. The status lands in `status`."""

    async def finish(message: Message) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])
            message = {**message, "headers": [*message.get("headers", ()), *headers]}
        elif head and message["type"] == "http.response.body":
            message = {"type": "http.response.body", "body": b"", "more_body": message.get("more_body", False)}
        await send(message)

    return finish


_access = logging.getLogger("tailor.access")
_PROTECTIVE = {https: tuple(security_headers("/", https=https)) for https in (False, True)}
"""The protective headers of every path but the API viewer's, built once."""
_TOO_LARGE = RawResponse(
    431,
    [
        (b"content-type", b"text/plain; charset=utf-8"),
        *security_headers("", https=False),
        (b"cache-control", b"no-store"),
    ],
    b"Request headers too large.\n",
)


def _log_access(scope: HTTPScope, status: int, identifier: bytes, started: float) -> None:
    _access.info(
        "%s %s %d",
        scope["method"],
        scope["path"],
        status,
        extra={
            "request_id": identifier.decode("ascii"),
            "method": scope["method"],
            "path": scope["path"],
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 3),
        },
    )


class FastPath:
    """Wraps the Litestar app; `app` is that app."""

    def __init__(
        self,
        app: Litestar,
        renditions: Renditions,
        trusted_proxies: frozenset[str] = frozenset(),
        *,
        access_log: bool = False,
    ) -> None:
        """Serve warm renditions from `renditions`, everything else through `app`."""
        self.app = app
        self.access_log = access_log
        self.renditions = renditions
        self.trusted_proxies = trusted_proxies
        self.fast_path_responses: dict[tuple[str, int, str, str], int] = {}
        """Warm responses by (kind, status, audience, locale): plain counts, read by the metrics collector
        at scrape time, so counting costs no lock on the hot path."""
        self.observed: object = None
        """What the metrics collector reads for this app (kept alive here)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection scope."""
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        if _headers_too_large(scope):
            await _TOO_LARGE(scope, receive, send)
            return
        catalog: Catalog | None = self.renditions.site.store.current()
        https = is_https(scope, self.trusted_proxies)
        started = time.perf_counter()
        identifier = request_id(scope)
        protective = _PROTECTIVE[https] if scope["path"] != "/schema" else security_headers("/schema", https=https)
        added = [*protective, (b"x-request-id", identifier)]
        if catalog is None:
            if scope["path"] not in _ALWAYS_ANSWERED:
                await RawResponse(503, [*_NOT_READY_HEADERS, *added], _NOT_READY)(scope, receive, send)
                return
        else:
            added.append((b"x-content-revision", catalog.revision.encode("ascii")))
        head = scope["method"] == "HEAD"
        response = self._warm(scope, catalog, added, head=head) if head or scope["method"] == "GET" else None
        if response is not None:
            await response(scope, receive, send)
            if self.access_log:
                _log_access(scope, response.status, identifier, started)
            return
        routed = cast("dict[str, object]", {**scope, "method": "GET"} if head else dict(scope))
        routed[CATALOG_SCOPE_KEY] = catalog
        routed[HTTPS_SCOPE_KEY] = https
        token = REQUEST_ID.set(identifier.decode("ascii"))
        status: list[int] = []
        try:
            await self.app(cast("HTTPScope", routed), receive, _finishing(send, added, head=head, status=status))
        finally:
            if self.access_log:
                _log_access(scope, status[0] if status else 0, identifier, started)
            REQUEST_ID.reset(token)

    def _warm(
        self, scope: HTTPScope, catalog: Catalog | None, added: list[tuple[bytes, bytes]], *, head: bool
    ) -> RawResponse | None:
        """The response from an already built, current rendition, if the URL names one."""
        key = canonical_key(scope["path"], scope["query_string"])
        if key is None or catalog is None:
            return None
        entry = self.renditions.cached(key, catalog)
        if entry is None:
            return None
        if_none_match = accept_encoding = None
        for name, value in scope["headers"]:
            if name == b"if-none-match":
                if_none_match = value
            elif name == b"accept-encoding":
                accept_encoding = value
        response = respond(
            entry, head=head, if_none_match=if_none_match, accept_encoding=accept_encoding, extra_headers=added
        )
        labels = (key.kind, response.status, key.audience, key.locale)
        self.fast_path_responses[labels] = self.fast_path_responses.get(labels, 0) + 1
        return response
