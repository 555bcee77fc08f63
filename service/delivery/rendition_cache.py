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


@dataclass(frozen=True, slots=True)
class CachedRendition:
    """A rendition as bytes, ready to send."""

    revision: str
    """The content revision it was built from."""
    body: bytes
    etag: bytes
    """Strong ETag of `body`, quotes included."""
    gzip_body: bytes | None
    """`body` gzip-compressed, when that is smaller."""
    gzip_etag: bytes | None
    headers: tuple[tuple[bytes, bytes], ...]
    """Headers that every response of this rendition carries (type, language, links)."""


def make_rendition(revision: str, body: bytes, headers: Iterable[tuple[bytes, bytes]]) -> CachedRendition:
    """Hash and compress `body` once, for every request that will be served from it."""
    tag = hashlib.blake2b(body, digest_size=12).hexdigest()
    compressed = gzip.compress(body, compresslevel=9, mtime=0) if len(body) > _COMPRESSIBLE_OVER else None
    if compressed is not None and len(compressed) >= len(body):
        compressed = None
    return CachedRendition(
        revision=revision,
        body=body,
        etag=f'"{tag}"'.encode(),
        gzip_body=compressed,
        gzip_etag=f'"{tag}-gz"'.encode() if compressed is not None else None,
        headers=tuple(headers),
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
