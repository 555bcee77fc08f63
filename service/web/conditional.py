"""Answering a request from an encoded response: content coding and conditional GET (304).

The same function serves warm requests on the fast path and fresh ones from the route handlers, so
a response never depends on whether its rendition was already cached. HEAD is not handled here:
the fast path answers every HEAD as a GET and drops the body, for routed and warm responses alike.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.types import Receive, Scope, Send

from service.rendition.encoded import EncodedResponse, Headers

__all__ = ["RawResponse", "accepts_gzip", "matches", "respond", "respond_to"]


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs a fifth of a warm request
class RawResponse:
    """A complete response as ASGI messages; route handlers may return it as-is. Never changed once made."""

    status: int
    headers: Headers
    body: bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the response."""
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body, "more_body": False})


def _quality(parameters: bytes) -> float:
    for parameter in parameters.split(b";"):
        name, _, value = parameter.strip().partition(b"=")
        if name.strip() == b"q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def accepts_gzip(accept_encoding: bytes | None) -> bool:
    """Whether Accept-Encoding admits gzip (explicitly, or through `*`), honouring `q=0`."""
    if not accept_encoding:
        return False
    wildcard: float | None = None
    for item in accept_encoding.lower().split(b","):
        coding, _, parameters = item.strip().partition(b";")
        coding = coding.strip()
        if coding in {b"gzip", b"x-gzip"}:
            return _quality(parameters) > 0
        if coding == b"*":
            wildcard = _quality(parameters)
    return wildcard is not None and wildcard > 0


def matches(if_none_match: bytes, etags: AbstractSet[bytes]) -> bool:
    """If-None-Match's weak comparison: `*`, or any listed tag (with or without `W/`) among `etags`."""
    value = if_none_match.strip()
    if value == b"*":
        return True
    for item in value.split(b","):
        tag = item.strip()
        if tag.startswith(b"W/"):
            tag = tag[2:]
        if tag in etags:
            return True
    return False


def respond(
    entry: EncodedResponse,
    *,
    if_none_match: bytes | None,
    accept_encoding: bytes | None,
    varies_on_language: bool = False,
    extra_headers: Headers | None = None,
) -> RawResponse:
    """The 200 or 304 response for `entry`, with headers assembled when the entry was built.

    Args:
        entry: The rendition.
        if_none_match: The request's If-None-Match, if any.
        accept_encoding: The request's Accept-Encoding, if any.
        varies_on_language: Whether Accept-Language chose the rendition (adds it to Vary).
        extra_headers: Headers of this request's response alone (request id, revision …).
    """
    chosen = entry.gzipped if entry.gzipped is not None and accepts_gzip(accept_encoding) else entry.identity
    if if_none_match is not None and matches(if_none_match, entry.etags):
        status, headers, body = 304, chosen.not_modified_headers, b""
    else:
        status, headers, body = 200, chosen.headers, chosen.body
    if varies_on_language:
        headers = _varying_on_language(headers)
    if extra_headers:
        headers = [*headers, *extra_headers]
    return RawResponse(status, headers, body)


def _varying_on_language(headers: Headers) -> Headers:
    """The same headers with Accept-Language added to Vary (rare: only negotiated API requests)."""
    if not any(name == b"vary" for name, _ in headers):
        return [*headers, (b"vary", b"Accept-Language")]
    return [(name, b"Accept-Language, " + value if name == b"vary" else value) for name, value in headers]


def respond_to(
    request: Request[Any, Any, Any], entry: EncodedResponse, *, varies_on_language: bool = False
) -> RawResponse:
    """`respond` with the conditions a Litestar request carries."""
    if_none_match = request.headers.get("if-none-match")
    accept_encoding = request.headers.get("accept-encoding")
    return respond(
        entry,
        if_none_match=if_none_match.encode("latin-1") if if_none_match is not None else None,
        accept_encoding=accept_encoding.encode("latin-1") if accept_encoding is not None else None,
        varies_on_language=varies_on_language,
    )
