"""A response encoded once for every request it will answer: bytes, a gzip twin, strong ETags, header lists.

Hashing, compressing and assembling headers happen when a rendition is built, never per request;
serving it is choosing a representation and sending prepared lists (`service.web.conditional`).
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["PRIVATE", "EncodedResponse", "Headers", "Representation", "content_language", "encode_response", "etag_for"]

PRIVATE = "private, no-store"
"""For responses that depend on a cookie or on Accept-Language, and for errors."""

_COMPRESSIBLE_OVER = 256
"""Bodies smaller than this are not worth a gzip twin."""

Headers = list[tuple[bytes, bytes]]


def content_language(locales: Iterable[str]) -> str:
    """`Content-Language` for the locales actually used, without repeats, in order of appearance."""
    return ", ".join(dict.fromkeys(locales))


@dataclass(frozen=True, slots=True)
class Representation:
    """One encoding of a response with the complete header lists of its 200 and its 304."""

    body: bytes
    headers: Headers
    not_modified_headers: Headers


@dataclass(frozen=True, slots=True)
class EncodedResponse:
    """A rendition as bytes and headers, ready to send as they are."""

    revision: str
    """The content revision it was built from."""
    etags: frozenset[bytes]
    """Strong ETags of every representation, quotes included: any of them revalidates."""
    identity: Representation
    gzipped: Representation | None
    """Present when gzip makes the body smaller."""


def etag_for(made_of: str) -> str:
    """The strong ETag (unquoted) of the identity representation of a rendition made of `made_of`.

    `made_of` names everything the bytes are a function of (the URL's key, the content revision, the
    build), so an ETag can be given out without building the rendition (an app's manifest lists the
    ETag of every answer). The gzip twin's ETag is this one with `-gz`.
    """
    return hashlib.blake2b(made_of.encode(), digest_size=12).hexdigest()


def encode_response(
    made_of: str,
    revision: str,
    *,
    body: bytes,
    content_type: bytes,
    headers: Iterable[tuple[bytes, bytes]],
    cache_control: bytes,
) -> EncodedResponse:
    """Compress `body` and assemble every header once, for all the requests served from it.

    `headers` describe the content (language, links); `Cache-Control`, `Vary`, `ETag`,
    `Content-Encoding` and `Content-Length` are added here. A 304 carries the same headers as its
    200 but for the type, encoding and length of a body it does not have.
    """
    tag = etag_for(made_of)
    compressed = gzip.compress(body, compresslevel=9, mtime=0) if len(body) > _COMPRESSIBLE_OVER else None
    if compressed is not None and len(compressed) >= len(body):
        compressed = None
    described = [*headers, (b"cache-control", cache_control)]
    if compressed is not None:
        described.append((b"vary", b"Accept-Encoding"))

    def representation(data: bytes, etag: bytes, encoding: bytes | None) -> Representation:
        not_modified = [*described, (b"etag", etag)]
        encoded = [(b"content-encoding", encoding)] if encoding is not None else []
        length = [(b"content-length", str(len(data)).encode())]
        return Representation(data, [(b"content-type", content_type), *not_modified, *encoded, *length], not_modified)

    identity_tag, gzip_tag = f'"{tag}"'.encode(), f'"{tag}-gz"'.encode()
    identity = representation(body, identity_tag, None)
    if compressed is None:
        return EncodedResponse(revision=revision, etags=frozenset({identity_tag}), identity=identity, gzipped=None)
    gzipped = representation(compressed, gzip_tag, b"gzip")
    return EncodedResponse(
        revision=revision, etags=frozenset({identity_tag, gzip_tag}), identity=identity, gzipped=gzipped
    )
