"""Loading content into the live catalog: at start-up, on SIGHUP, and on every change its source reports.

Every load goes through the gate (`service.content.gate`), the same function `tailor check` runs:
an answer with errors is held back and logged with its findings (its previous version, if any,
goes on serving), every other answer goes live. Loading runs in a thread; the swap itself happens
on the event loop, between requests, as one reference assignment.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field

from service.content.catalog import Catalog
from service.content.gate import Gated, HeldBack
from service.content.live import LiveCatalog
from service.content.sources import ContentSource
from service.english import counted

__all__ = ["ContentReloader"]

logger = logging.getLogger(__name__)


def _log_held_back(held: HeldBack) -> None:
    """One error line per held-back answer: its errors and warnings listed apart, in `tailor check`'s order."""
    errors, warnings = held.findings.errors, held.findings.warnings
    serving = f"still serving its revision {held.serving}" if held.serving is not None else "not served"
    logger.error(
        "answer %s held back: %s, %s; %s",
        held.slug,
        counted(len(errors), "error", "errors"),
        counted(len(warnings), "warning", "warnings"),
        serving,
        extra={
            "answer": held.slug,
            "errors": [str(problem) for problem in errors][:50],
            "warnings": [str(problem) for problem in warnings][:50],
        },
    )


@dataclass
class ContentReloader:
    """Puts what the gate lets through from `source` into `live`.

    `on_swap(previous, current)` runs on the event loop after each swap (cache upkeep, telling the
    caches in front); `previous` is None at the first load.
    """

    source: ContentSource
    live: LiveCatalog
    on_swap: Callable[[Catalog | None, Catalog], object]
    reloads: int = 0
    failures: int = 0
    """Loads that held back an answer or could not read the directory."""
    _lock: asyncio.Lock | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def _apply(self, gated: Gated) -> bool:
        for held in gated.held_back:
            _log_held_back(held)
        if gated.catalog is None or not gated.checked.readable:
            self.failures += 1
            kept = self.live.current()
            logger.error(
                "content not loaded: %s cannot be read (%s); still serving %s",
                self.source.name,
                "; ".join(str(problem) for problem in gated.checked.general),
                kept.revision if kept is not None else "nothing",
            )
            return False
        if gated.held_back:
            self.failures += 1
        previous = self.live.current()
        self.live.swap(gated.catalog)
        self.on_swap(previous, gated.catalog)
        self.reloads += 1
        logger.info(
            "content loaded: revision %s, %s, %s held back",
            gated.catalog.revision,
            counted(len(gated.catalog), "answer", "answers"),
            len(gated.held_back),
        )
        return not gated.held_back

    async def reload(self, only: frozenset[str] | None = None) -> bool:
        """Gate (off the event loop), swap on the event loop; reloads never overlap. True when every answer passed.

        `only`: just these answers changed (after an editorial write); a source that can, re-reads only them.
        """
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            gated = await self.source.gate(self.live.current(), only)
            return self._apply(gated)

    async def start(self, *, follow: bool) -> None:
        """Begin the first load in the background, reload on SIGHUP, and on the source's changes if `follow`."""
        loop = asyncio.get_running_loop()
        self._tasks.append(loop.create_task(self._reload_logged()))
        try:
            loop.add_signal_handler(signal.SIGHUP, lambda: self._tasks.append(loop.create_task(self._reload_logged())))
        except (NotImplementedError, RuntimeError, ValueError):
            logger.debug("SIGHUP cannot be handled here (not the main thread)")
        if follow:
            self._tasks.append(loop.create_task(self._follow()))

    async def stop(self) -> None:
        """Cancel background loads and watching."""
        with suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()

    async def _reload_logged(self, only: frozenset[str] | None = None) -> None:
        try:
            await self.reload(only)
        except Exception:
            self.failures += 1
            logger.exception("content reload failed")

    async def _follow(self) -> None:
        async for only in self.source.changes():
            await self._reload_logged(only)
