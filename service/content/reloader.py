"""Loading content into the live catalog: at start-up, on SIGHUP, and on file changes when asked to watch.

Validation gates every swap: content with errors is logged with its findings and the catalog that
was serving goes on serving. Loading runs in a thread; the swap itself happens on the event loop,
between requests, as one reference assignment.
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

from service.content.live import LiveCatalog
from service.content.loader import LoadResult, load_catalog
from service.english import counted

__all__ = ["ContentReloader"]

logger = logging.getLogger(__name__)


@dataclass
class ContentReloader:
    """Loads `content_dir` into `live`; `on_swap` runs after each successful swap (cache upkeep)."""

    content_dir: Path
    live: LiveCatalog
    on_swap: Callable[[], object]
    reloads: int = 0
    failures: int = 0
    _lock: asyncio.Lock | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def _apply(self, loaded: LoadResult) -> bool:
        if not loaded.ok:
            self.failures += 1
            kept = self.live.current()
            logger.error(
                "content reload refused: %s; still serving %s",
                counted(sum(problem.severity == "error" for problem in loaded.problems), "error", "errors"),
                kept.revision if kept is not None else "nothing",
                extra={"problems": [str(problem) for problem in loaded.problems][:50]},
            )
            return False
        self.live.swap(loaded.catalog)
        self.on_swap()
        self.reloads += 1
        logger.info(
            "content loaded: revision %s, %s",
            loaded.catalog.revision,
            counted(len(loaded.catalog), "answer", "answers"),
        )
        return True

    def reload_now(self) -> bool:
        """Load and swap on the calling thread; True when the new catalog is being served."""
        return self._apply(load_catalog(self.content_dir))

    async def reload(self) -> bool:
        """Load in a worker thread, swap on the event loop; reloads never overlap."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            loaded = await anyio.to_thread.run_sync(load_catalog, self.content_dir)
            return self._apply(loaded)

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
