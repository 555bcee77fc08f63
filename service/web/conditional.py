"""Answering a request from a cached rendition: encoding, conditional GET (304) and HEAD.

The same function serves warm requests on the fast path and fresh ones from the route handlers, so
a response never depends on whether its rendition was already cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.types import Receive, Scope, Send

from service.delivery.rendition_cache import CachedRendition

_NOT_IN_304 = {b"content-type"}


@dataclass(frozen=True, slots=True)
class RawResponse:
    """A complete response as ASGI messages; route handlers may return it as-is."""

    status: int
    headers: list[tuple[bytes, bytes]]
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


def matches(if_none_match: bytes, etags: set[bytes]) -> bool:
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
    entry: CachedRendition,
    *,
    head: bool,
    if_none_match: bytes | None,
    accept_encoding: bytes | None,
    cache_control: bytes,
    varies_on_language: bool = False,
) -> RawResponse:
    """The 200, 304 or HEAD response for `entry`.

    Args:
        entry: The rendition.
        head: Whether the request is a HEAD (same headers, no body).
        if_none_match: The request's If-None-Match, if any.
        accept_encoding: The request's Accept-Encoding, if any.
        cache_control: The Cache-Control value for this kind of URL.
        varies_on_language: Whether Accept-Language chose the rendition (adds it to Vary).
    """
    compressed = entry.gzip_body is not None and accepts_gzip(accept_encoding)
    body = entry.gzip_body if compressed and entry.gzip_body is not None else entry.body
    etag = entry.gzip_etag if compressed and entry.gzip_etag is not None else entry.etag
    vary = [
        name
        for name, needed in (
            (b"Accept-Language", varies_on_language),
            (b"Accept-Encoding", entry.gzip_body is not None),
        )
        if needed
    ]
    headers = [*entry.headers, (b"etag", etag), (b"cache-control", cache_control)]
    if vary:
        headers.append((b"vary", b", ".join(vary)))
    tags = {entry.etag} if entry.gzip_etag is None else {entry.etag, entry.gzip_etag}
    if if_none_match is not None and matches(if_none_match, tags):
        return RawResponse(304, [header for header in headers if header[0] not in _NOT_IN_304], b"")
    if compressed:
        headers.append((b"content-encoding", b"gzip"))
    headers.append((b"content-length", str(len(body)).encode()))
    return RawResponse(200, headers, b"" if head else body)


def respond_to(
    request: Request[Any, Any, Any], entry: CachedRendition, *, cache_control: bytes, varies_on_language: bool = False
) -> RawResponse:
    """`respond` with the conditions a Litestar request carries."""
    if_none_match = request.headers.get("if-none-match")
    accept_encoding = request.headers.get("accept-encoding")
    return respond(
        entry,
        head=request.method == "HEAD",
        if_none_match=if_none_match.encode("latin-1") if if_none_match is not None else None,
        accept_encoding=accept_encoding.encode("latin-1") if accept_encoding is not None else None,
        cache_control=cache_control,
        varies_on_language=varies_on_language,
    )
