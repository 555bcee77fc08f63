"""Renditions computed once: bytes, their gzip twin and strong ETags, in a bounded least-recently-used cache.

An entry is keyed by what the canonical URL spells out — kind, slug, audience, locale — and records
the content revision it was built from. A lookup with another revision is a miss, so a stale entry is
never served; `retain` drops the stale ones after a reload, and only those.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

_COMPRESSIBLE_OVER = 256
"""Bodies smaller than this are not worth a gzip twin."""


class RenditionKey(NamedTuple):
    """What a canonical URL determines."""

    kind: str
    """`answer-html`, `index-html`, `policy-html`, `answer-json`, `list-json`, `audiences-json`, `locales-json`."""
    slug: str
    """The answer's slug, or "" for renditions of the whole catalog."""
    audience: str
    locale: str


Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True, slots=True)
class Representation:
    """One encoding of a rendition with the complete header lists of its 200 and its 304."""

    body: bytes
    headers: Headers
    not_modified_headers: Headers


@dataclass(frozen=True, slots=True)
class CachedRendition:
    """A rendition as bytes and headers, ready to send as they are."""

    revision: str
    """The content revision it was built from."""
    etags: frozenset[bytes]
    """Strong ETags of every representation, quotes included: any of them revalidates."""
    identity: Representation
    gzipped: Representation | None
    """Present when gzip makes the body smaller."""


def make_rendition(
    revision: str, body: bytes, content_type: bytes, headers: Iterable[tuple[bytes, bytes]], cache_control: bytes
) -> CachedRendition:
    """Hash and compress `body` and assemble every header once, for all the requests served from it.

    `headers` describe the content (language, links); `Cache-Control`, `Vary`, `ETag`,
    `Content-Encoding` and `Content-Length` are added here. A 304 carries the same headers as its
    200 but for the type, encoding and length of a body it does not have.
    """
    tag = hashlib.blake2b(body, digest_size=12).hexdigest()
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
        return CachedRendition(revision=revision, etags=frozenset({identity_tag}), identity=identity, gzipped=None)
    gzipped = representation(compressed, gzip_tag, b"gzip")
    return CachedRendition(
        revision=revision, etags=frozenset({identity_tag, gzip_tag}), identity=identity, gzipped=gzipped
    )


@dataclass
class CacheStatistics:
    """Counters for monitoring and tests."""

    hits: int = 0
    misses: int = 0
    builds: int = 0
    evictions: int = 0


@dataclass
class RenditionCache:
    """A bounded LRU of renditions. Single-threaded use (one event loop per worker process)."""

    max_entries: int
    statistics: CacheStatistics = field(default_factory=CacheStatistics)
    _entries: OrderedDict[RenditionKey, CachedRendition] = field(default_factory=OrderedDict)

    def lookup(self, key: RenditionKey, revision: str) -> CachedRendition | None:
        """The entry for `key` if it was built from `revision`; counts a hit or a miss."""
        entry = self._entries.get(key)
        if entry is None or entry.revision != revision:
            self.statistics.misses += 1
            return None
        self._entries.move_to_end(key)
        self.statistics.hits += 1
        return entry

    def get_or_build(self, key: RenditionKey, revision: str, build: Callable[[], CachedRendition]) -> CachedRendition:
        """The cached entry, or a new one from `build` (which is stored, evicting the least recently used)."""
        entry = self.lookup(key, revision)
        if entry is None:
            entry = build()
            self.statistics.builds += 1
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
                self.statistics.evictions += 1
        return entry

    def retain(self, is_current: Callable[[RenditionKey, CachedRendition], bool]) -> int:
        """Drop every entry that is no longer current; returns how many were dropped."""
        stale = [key for key, entry in self._entries.items() if not is_current(key, entry)]
        for key in stale:
            del self._entries[key]
        return len(stale)

    def __len__(self) -> int:
        """The number of entries."""
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        """Whether an entry (current or not) is stored under `key`."""
        return key in self._entries
