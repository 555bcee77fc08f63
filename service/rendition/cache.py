"""The encoded responses of canonical URLs, kept in a bounded least-recently-used cache.

An entry is keyed by what the canonical URL spells out (`RenditionKey`) and records the content
revision it was built from. A lookup with another revision is a miss, so a stale entry is never
served; `retain` drops the stale ones after a reload, and only those.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from service.rendition.encoded import EncodedResponse
from service.rendition.urls import RenditionKey

__all__ = ["CacheStatistics", "ResponseCache"]


@dataclass
class CacheStatistics:
    """Counters for monitoring and tests."""

    hits: int = 0
    misses: int = 0
    builds: int = 0
    evictions: int = 0


@dataclass
class ResponseCache:
    """A bounded LRU of encoded responses. Single-threaded use (one event loop per worker process)."""

    max_entries: int
    statistics: CacheStatistics = field(default_factory=CacheStatistics)
    _entries: OrderedDict[RenditionKey, EncodedResponse] = field(default_factory=OrderedDict)

    def lookup(self, key: RenditionKey, revision: str) -> EncodedResponse | None:
        """The entry for `key` if it was built from `revision`; counts a hit or a miss."""
        entry = self._entries.get(key)
        if entry is None or entry.revision != revision:
            self.statistics.misses += 1
            return None
        self._entries.move_to_end(key)
        self.statistics.hits += 1
        return entry

    def get_or_build(self, key: RenditionKey, revision: str, build: Callable[[], EncodedResponse]) -> EncodedResponse:
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

    def retain(self, is_current: Callable[[RenditionKey, EncodedResponse], bool]) -> int:
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
