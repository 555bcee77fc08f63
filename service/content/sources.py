"""Where the served content comes from: a content directory (read-only file mode) or the store.

A source answers one question, `gate(previous)`: the gate's decision on what it holds now, given the
catalog served until now. The reloader asks it at start-up, on SIGHUP, and whenever `changes()` says
something changed: a directory on file changes (when asked to watch), the store whenever any process
writes to it. The store's source is `service.store.source.StoreSource`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import anyio.to_thread

from service.content.catalog import Catalog
from service.content.gate import Gate, Gated

__all__ = ["ContentSource", "DirectorySource"]


class ContentSource(Protocol):
    """Something the gate can read answers from."""

    @property
    def name(self) -> str:
        """What log lines call it."""
        ...

    def changes(self) -> AsyncIterator[frozenset[str] | None]:
        """Waits for changes and yields the slugs of the answers that changed (None: reload everything)."""
        ...

    async def gate(self, previous: Catalog | None, only: frozenset[str] | None = None) -> Gated:
        """The gate's decision on the source's current content; `only`: just these answers changed."""
        ...

    async def changed_between(self, after: int, upto: int) -> frozenset[str]:
        """The answers changed between two entries of the source's change log (its catalogs' `position`)."""
        ...


@dataclass(frozen=True, kw_only=True)
class DirectorySource:
    """A content directory, as `tailor check` reads it."""

    directory: Path
    rules: Gate = field(default_factory=Gate)
    """The rules the directory's answers are held to."""

    @property
    def name(self) -> str:
        """The directory."""
        return str(self.directory)

    async def changes(self) -> AsyncIterator[frozenset[str] | None]:
        """Any change of a file below the directory means a reload of the whole directory."""
        from watchfiles import awatch  # noqa: PLC0415 - a development aid, installed with granian[reload]

        async for _ in awatch(self.directory):
            yield None

    async def gate(self, previous: Catalog | None, only: frozenset[str] | None = None) -> Gated:
        """Read and check the whole directory on a worker thread (files carry no record of what changed)."""
        return await anyio.to_thread.run_sync(lambda: self.rules.directory(self.directory, previous=previous))

    async def changed_between(self, after: int, upto: int) -> frozenset[str]:
        """Nothing: files keep no change log, so a directory's catalogs have no position to ask about."""
        return frozenset()
