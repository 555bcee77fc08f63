"""The outermost ASGI layer: what every request gets, and warm canonical renditions served without routing.

Every response leaves through here with the protective headers (`security.py`), an `X-Request-ID`
and `X-Content-Revision`: the catalog revision read once when the request arrived, the only catalog
the request sees (handlers get it as their `catalog` dependency). Every response is counted once
(`ResponseCounts`) and, when asked, access-logged. HEAD is answered here, for every URL, as a GET
whose body is dropped.

A canonical URL names its rendition completely, so a warm request needs no routing, validation or
rendering: its key is read off the path (`urls.parse`), the cache is asked whether that key is
current for the catalog being served, and the cached bytes go out through the same `respond` the
route handlers use. A cold answer (page or JSON) is built here through the same `Renditions` method
its handler calls, so the first reader of a page does not pay for routing either. A bare URL (`/`,
`/answers`, `/answers/{slug}`) is answered here only, no route has one: its redirect is a function
of the URL, the preference cookie (read by Litestar's parser, as the routed pages read it) and
Accept-Language, decided by the one resolution function (`choice.resolve`, `urls.bare_location`)
the routed pages also use. Anything else — a
URL that names nothing, a non-canonical URL, another method, a build that fails — goes to Litestar.
"""

from __future__ import annotations

import logging
import time
from typing import Any, NamedTuple, cast
from urllib.parse import parse_qsl

from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.types import HTTPScope, Message, Receive, Scope, Send

from service.choice import resolve
from service.content.catalog import Catalog
from service.errors import BodyTimeout, HeadersTooLarge, NotReady, RequestRefused, TailorError, UnknownAnswer
from service.logs import REQUEST_ID
from service.rendition import urls
from service.rendition.encoded import PRIVATE, Headers
from service.rendition.renditions import Renditions
from service.web.conditional import RawResponse, respond
from service.web.dependencies import CATALOG_SCOPE_KEY, HTTPS_SCOPE_KEY
from service.web.error_responses import ErrorResponses
from service.web.metrics import ResponseCounts
from service.web.request_body import BodyTooLarge, BodyTooSlow, read_body, replay
from service.web.security import Addresses, client_address, is_https, request_id, security_headers

__all__ = ["MAX_BODY_BYTES", "MAX_HEADER_BYTES", "MAX_HEADER_COUNT", "FastPath"]

_ALWAYS_ANSWERED = frozenset({"/health", "/ready", "/metrics"})
"""Operators need these while the content is still loading."""
_NOT_COUNTED = "/metrics"
"""Scrapes are not requests worth counting."""
MAX_HEADER_BYTES = 16 * 1024
MAX_BODY_BYTES = 1024 * 1024
"""More than any route takes (a whole text, 512 KiB, is the most): refused before the app sees it."""
_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
MAX_HEADER_COUNT = 100
REFUSED_ROUTE = "refused"
"""The `route` label of requests refused before routing (headers too large)."""
NOT_READY_ROUTE = "not-ready"
"""The `route` label of requests answered 503 while the content loads."""
UNROUTED = "unrouted"
"""The `route` label of requests that matched no route."""
Labels = tuple[str, str, str]
"""(route, audience, locale) of a response, for `ResponseCounts`."""


class _Conditions(NamedTuple):
    """What the fast path reads of a request's headers, in one pass over them."""

    too_large: bool
    """More than MAX_HEADER_COUNT headers or MAX_HEADER_BYTES of them: refused before anything else."""
    request_id: bytes | None
    if_none_match: bytes | None
    accept_encoding: bytes | None


def _conditions(scope: HTTPScope) -> _Conditions:
    """One pass over the headers: their size, and the three the fast path answers by."""
    count = size = 0
    given = if_none_match = accept_encoding = None
    for name, value in scope["headers"]:
        count += 1
        size += len(name) + len(value)
        if name == b"if-none-match":
            if_none_match = value
        elif name == b"accept-encoding":
            accept_encoding = value
        elif name == b"x-request-id":
            given = value
    return _Conditions(count > MAX_HEADER_COUNT or size > MAX_HEADER_BYTES, given, if_none_match, accept_encoding)


def _header(scope: HTTPScope, wanted: bytes) -> str | None:
    return next((value.decode("latin-1") for name, value in scope["headers"] if name == wanted), None)


def _bodiless(send: Send) -> Send:
    """The one place HEAD is answered: the GET response with its body dropped (headers, length included, kept)."""

    async def without_body(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {"type": "http.response.body", "body": b"", "more_body": message.get("more_body", False)}
        await send(message)

    return without_body


def _finishing(send: Send, headers: Headers, status: list[int]) -> Send:
    """Add `headers` to the response Litestar sends; its status lands in `status`."""

    async def finish(message: Message) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])
            message = {**message, "headers": [*message.get("headers", ()), *headers]}
        await send(message)

    return finish


def _routed_labels(scope: dict[str, Any], status: int) -> tuple[str, int, str, str]:
    """(route, status, audience, locale) of a request Litestar routed: the route's name, values from path or query."""
    handler = scope.get("route_handler")
    route = (getattr(handler, "name", None) or scope.get("path_template") or UNROUTED) if handler else UNROUTED
    values = dict(scope.get("path_params") or {})
    if "audience" not in values or "locale" not in values:
        for name, value in parse_qsl(scope["query_string"].decode("latin-1"))[:8]:
            values.setdefault(name, value)
    return str(route), status, str(values.get("audience", "")), str(values.get("locale", ""))


_REDIRECT_HEADERS: Headers = [
    (b"cache-control", PRIVATE.encode()),
    (b"vary", b"Cookie, Accept-Language"),
    (b"content-length", b"0"),
]
"""What a bare URL's redirect says besides where to: never stored by a cache (`resolved_redirect`'s)."""


_access = logging.getLogger("tailor.access")
_PROTECTIVE = {https: tuple(security_headers("/", https=https)) for https in (False, True)}
"""The protective headers of every path but the API viewer's, built once."""


class FastPath:
    """Wraps the Litestar app; `app` is that app."""

    def __init__(
        self,
        app: Litestar,
        renditions: Renditions,
        errors: ErrorResponses,
        counts: ResponseCounts,
        *,
        trusted_proxies: Addresses | None = None,
        access_log: bool = False,
        body_seconds: float = 15.0,
    ) -> None:
        """Serve warm renditions from `renditions`, refusals through `errors`, everything else through `app`."""
        self.app = app
        self.renditions = renditions
        self.live = renditions.site.live
        self.errors = errors
        self.counts = counts
        self.trusted_proxies = trusted_proxies or Addresses(())
        self.access_log = access_log
        self.body_seconds = body_seconds
        self._revision: tuple[Catalog | None, tuple[bytes, bytes]] = (None, (b"", b""))
        self.observed: object = None
        """What the metrics collector reads for this app (kept alive here, as long as the app)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection scope."""
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        conditions = _conditions(scope)
        https = scope["scheme"] == "https" or (bool(self.trusted_proxies) and is_https(scope, self.trusted_proxies))
        identifier = request_id(conditions.request_id)
        protective = _PROTECTIVE[https] if scope["path"] != "/schema" else security_headers("/schema", https=https)
        out = _bodiless(send) if scope["method"] == "HEAD" else send
        catalog: Catalog | None = self.live.current()
        added = [*protective, (b"x-request-id", identifier)]
        if catalog is not None:
            if self._revision[0] is not catalog:  # `X-Content-Revision` is encoded once per catalog
                self._revision = (catalog, (b"x-content-revision", catalog.revision.encode("ascii")))
            added.append(self._revision[1])
        answered = self._without_routing(scope, catalog, added, conditions)
        if answered is None and scope["method"] in _WITH_BODY:
            receive, answered = await self._body(scope, receive, added)
        if answered is None:
            await self._route(scope, receive, out, added, catalog, https=https, identifier=identifier, started=started)
            return
        response, (route, audience, locale) = answered
        await response(scope, receive, out)
        # Answered here: a refusal, a redirect or a rendition of a served audience and locale (known labels).
        self.counts.add_known((route, response.status, audience, locale))
        self._log(scope, response.status, identifier, started)

    def _without_routing(
        self, scope: HTTPScope, catalog: Catalog | None, added: Headers, conditions: _Conditions
    ) -> tuple[RawResponse, Labels] | None:
        """A refusal (headers too large, content not loaded yet) or a warm rendition; None to route."""
        if conditions.too_large:
            return self._refusal(scope, HeadersTooLarge(), added, read_headers=False), (REFUSED_ROUTE, "", "")
        if catalog is None:
            if scope["path"] in _ALWAYS_ANSWERED:
                return None
            return self._refusal(scope, NotReady(), added, read_headers=True), (NOT_READY_ROUTE, "", "")
        if scope["method"] in {"GET", "HEAD"}:
            return self._rendition(scope, catalog, added, conditions) or self._bare(scope, catalog, added)
        return None

    async def _route(
        self,
        scope: HTTPScope,
        receive: Receive,
        send: Send,
        added: Headers,
        catalog: Catalog | None,
        *,
        https: bool,
        identifier: bytes,
        started: float,
    ) -> None:
        routed = cast("dict[str, Any]", {**scope, "method": "GET"} if scope["method"] == "HEAD" else dict(scope))
        routed[CATALOG_SCOPE_KEY] = catalog
        routed[HTTPS_SCOPE_KEY] = https
        if self.trusted_proxies and (client := routed.get("client")) is not None:
            # Behind a trusted proxy the peer is the proxy: every per-address control (sign-in, feedback)
            # is to count the reader it forwarded, as `request.client` says from here on.
            routed["client"] = (client_address(scope, self.trusted_proxies) or client[0], client[1])
        token = REQUEST_ID.set(identifier.decode("ascii"))
        status: list[int] = []
        try:
            await self.app(cast("HTTPScope", routed), receive, _finishing(send, added, status))
        finally:
            if scope["path"] != _NOT_COUNTED:
                self.counts.add(*_routed_labels(routed, status[0] if status else 0))
                self._log(scope, status[0] if status else 0, identifier, started)
            REQUEST_ID.reset(token)

    def _log(self, scope: HTTPScope, status: int, identifier: bytes, started: float) -> None:
        """Access-log a response, when asked to."""
        if self.access_log:
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

    async def _body(
        self, scope: HTTPScope, receive: Receive, added: Headers
    ) -> tuple[Receive, tuple[RawResponse, Labels] | None]:
        """The request's body, read within the deadline (`request_body`), for the app to read again; or a refusal."""
        try:
            body, connected = await read_body(receive, seconds=self.body_seconds, limit=MAX_BODY_BYTES)
        except BodyTooSlow:
            return receive, (self._refusal(scope, BodyTimeout(), added, read_headers=True), (REFUSED_ROUTE, "", ""))
        except BodyTooLarge:
            refused = self._refusal(scope, RequestRefused(413), added, read_headers=True)
            return receive, (refused, (REFUSED_ROUTE, "", ""))
        return replay(body, connected, receive), None

    def _refusal(self, scope: HTTPScope, error: TailorError, added: Headers, *, read_headers: bool) -> RawResponse:
        """A refusal shaped like every other error; an oversized header block is not read at all."""
        rendered = self.errors.render(
            error,
            path=scope["path"],
            url_locale=scope["path"].split("/")[1],
            accept_language=_header(scope, b"accept-language") if read_headers else None,
        )
        return RawResponse(rendered.status, [*rendered.headers, *added], rendered.body)

    def _bare(self, scope: HTTPScope, catalog: Catalog, added: Headers) -> tuple[RawResponse, Labels] | None:
        """The 307 of a bare URL, or the 404 of one naming no answer; None for any other URL.

        The only place a bare URL is answered: no route has one.
        """
        slug = urls.parse_bare(scope["path"])
        if slug is None:
            return None
        route = "bare-answer" if slug else ("home" if scope["path"] == "/" else "bare-index")
        site = self.renditions.site
        if slug:
            try:
                site.answer(slug, catalog)
            except UnknownAnswer as unknown:
                return self._refusal(scope, unknown, added, read_headers=True), (route, "", "")
        accept_language: str | None = None
        has_cookies = False
        for name, value in scope["headers"]:  # one pass: Litestar's header parsing doubles the cost of a 307
            if name == b"accept-language":
                accept_language = value.decode("latin-1")
            elif name == b"cookie":
                has_cookies = True
        cookie = None
        if has_cookies:  # Litestar's own cookie parser, as the routed pages' dependencies read the same cookie
            connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope)
            cookie = connection.cookies.get(site.settings.preference_cookie)
        resolution = resolve(settings=site.settings, cookie=cookie, accept_language=accept_language)
        location = urls.bare_location(resolution, slug).encode()
        headers = [(b"location", location), *_REDIRECT_HEADERS, *added]
        return RawResponse(307, headers, b""), (route, "", "")

    def _rendition(
        self, scope: HTTPScope, catalog: Catalog, added: Headers, conditions: _Conditions
    ) -> tuple[RawResponse, Labels] | None:
        """The response from the current rendition the URL names: cached, or (for an answer) built now."""
        key = urls.parse(scope["path"], scope["query_string"])
        if key is None:
            return None
        entry = self.renditions.cached(key, catalog)
        if entry is None:
            # A miss on an answer is built here too: its URL names it completely, routing would add nothing.
            try:
                entry = self.renditions.answer(key, catalog)
            except Exception:  # routed instead: the handler fails the same way, answered and logged there
                return None
        if entry is None:
            return None
        response = respond(
            entry,
            if_none_match=conditions.if_none_match,
            accept_encoding=conditions.accept_encoding,
            extra_headers=added,
        )
        return response, (key.kind, key.audience, key.locale)  # the kind is its own label (a StrEnum)
