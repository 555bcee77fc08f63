"""Loading content into the live catalog: at start-up, on SIGHUP, and on file changes when asked to watch.

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
from pathlib import Path

import anyio.to_thread

from service.content.gate import Gated, HeldBack, gate
from service.content.live import LiveCatalog
from service.content.targets import DEFAULT_TARGETS, ReadingTargets
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
    """Puts what the gate lets through from `content_dir` into `live`; `on_swap` runs after each swap (cache upkeep)."""

    content_dir: Path
    live: LiveCatalog
    on_swap: Callable[[], object]
    targets: ReadingTargets = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    """The reading-level targets `tailor check` is run with."""
    cache_dir: Path | None = None
    """Where rule results are kept between runs (None: in memory only)."""
    reloads: int = 0
    failures: int = 0
    """Loads that held back an answer or could not read the directory."""
    _lock: asyncio.Lock | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def _gate(self) -> Gated:
        return gate(self.content_dir, previous=self.live.current(), targets=self.targets, cache_dir=self.cache_dir)

    def _apply(self, gated: Gated) -> bool:
        for held in gated.held_back:
            _log_held_back(held)
        if gated.catalog is None or not gated.checked.readable:
            self.failures += 1
            kept = self.live.current()
            logger.error(
                "content not loaded: %s is not a readable directory; still serving %s",
                self.content_dir,
                kept.revision if kept is not None else "nothing",
            )
            return False
        if gated.held_back:
            self.failures += 1
        self.live.swap(gated.catalog)
        self.on_swap()
        self.reloads += 1
        logger.info(
            "content loaded: revision %s, %s, %s held back",
            gated.catalog.revision,
            counted(len(gated.catalog), "answer", "answers"),
            len(gated.held_back),
        )
        return not gated.held_back

    def reload_now(self) -> bool:
        """Gate and swap on the calling thread; True when every answer passed the gate."""
        return self._apply(self._gate())

    async def reload(self) -> bool:
        """Gate in a worker thread, swap on the event loop; reloads never overlap. True when every answer passed."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            gated = await anyio.to_thread.run_sync(self._gate)
            return self._apply(gated)

    async def start(self, *, watch: bool) -> None:
        """Begin the first load in the background, reload on SIGHUP, and on file changes if `watch`."""
        loop = asyncio.get_running_loop()
        self._tasks.append(loop.create_task(self._reload_logged()))
        try:
            loop.add_signal_handler(signal.SIGHUP, lambda: self._tasks.append(loop.create_task(self._reload_logged())))
        except (NotImplementedError, RuntimeError, ValueError):
            logger.debug("SIGHUP cannot be handled here (not the main thread)")
        if watch:
            self._tasks.append(loop.create_task(self._watch()))

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

    async def _reload_logged(self) -> None:
        try:
            await self.reload()
        except Exception:
            self.failures += 1
            logger.exception("content reload failed")

    async def _watch(self) -> None:
        from watchfiles import awatch  # noqa: PLC0415 - a development aid, installed with granian[reload]

        async for _ in awatch(self.content_dir):
            await self._reload_logged()
