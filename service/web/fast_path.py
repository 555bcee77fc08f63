"""The outermost ASGI layer: HEAD wherever GET works, and warm canonical renditions served without routing.

A canonical URL names its rendition completely, so a warm request needs no routing, validation or
rendering: its key is read off the path, the cache is asked whether that key is current for the
catalog being served, and the cached bytes go out through the same `respond` the route handlers
use. Anything else — a miss, a non-canonical URL, another method — goes to Litestar unchanged.
"""

from __future__ import annotations

from typing import cast

from litestar import Litestar
from litestar.enums import ScopeType
from litestar.types import HTTPScope, Message, Receive, Scope, Send

from service.delivery.rendition_cache import RenditionKey
from service.web.conditional import respond
from service.web.renditions import Renditions

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


def _without_body(send: Send) -> Send:
    """For HEAD: pass the GET response's status and headers on, and none of its body."""

    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {"type": "http.response.body", "body": b"", "more_body": message.get("more_body", False)}
        await send(message)

    return send_head


class FastPath:
    """Wraps the Litestar app; `app` is that app."""

    def __init__(self, app: Litestar, renditions: Renditions) -> None:
        """Serve warm renditions from `renditions`, everything else through `app`."""
        self.app = app
        self.renditions = renditions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection scope."""
        if scope["type"] != ScopeType.HTTP or scope["method"] not in {"GET", "HEAD"}:
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        key = canonical_key(scope["path"], scope["query_string"])
        entry = self.renditions.cached(key) if key is not None else None
        if entry is not None:
            if_none_match = accept_encoding = None
            for name, value in scope["headers"]:
                if name == b"if-none-match":
                    if_none_match = value
                elif name == b"accept-encoding":
                    accept_encoding = value
            response = respond(
                entry,
                head=head,
                if_none_match=if_none_match,
                accept_encoding=accept_encoding,
            )
            await response(scope, receive, send)
            return
        if head:
            await self.app(cast("HTTPScope", {**scope, "method": "GET"}), receive, _without_body(send))
            return
        await self.app(scope, receive, send)
