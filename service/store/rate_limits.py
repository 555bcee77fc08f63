"""Rate limits every worker and replica shares: the generic cell rate algorithm, on one row per key in the store.

A limit lets `burst` requests through at once, then one per `interval` seconds. Each key (a limit and
what it limits, such as an address) keeps one number, the time at which its allowance is full again
(`due`). A request is let through when `due` is at most `burst - 1` intervals ahead of now, and pushes
`due` one interval further: one UPDATE with the condition in its WHERE clause, so that of many
requests at once on any number of processes, exactly as many pass as the allowance has room for.
Each change is committed on its own, at once, whatever becomes of the request that asked.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, cast

from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import CursorResult, case, delete, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from service.errors import StoreBusy
from service.store.models import RateLimitModel

__all__ = ["Limit", "RateLimits"]

TAKE_ATTEMPTS = 3
"""Times a count is tried while the store is too busy to take it (then `StoreBusy`)."""
MAX_KEY = 200
"""Characters of a key (`rate_limits.key`): what it names is cut to fit."""


@dataclass(frozen=True)
class Limit:
    """At most `burst` requests at once, then one every `interval` seconds."""

    name: str
    """What the limit is for, the first part of each key (`sign-in-address`)."""
    interval: float
    burst: int

    def key(self, subject: str) -> str:
        """The key of `subject` (an address, an account name) under this limit."""
        return f"{self.name}:{subject}"[:MAX_KEY]

    @property
    def tolerance(self) -> float:
        """How far ahead of now `due` may be for a request to pass."""
        return self.interval * (self.burst - 1)


class RateLimits:
    """The limits of one store."""

    def __init__(self, config: SQLAlchemyAsyncConfig, clock: Callable[[], float] = time.time) -> None:
        """Count in the database of `config`, by `clock` (Unix time: shared by every machine)."""
        self.config = config
        self.clock = clock

    async def take(self, limit: Limit, subject: str) -> int | None:
        """Count one request of `subject`: None when it may go on, else the seconds until one may."""
        key = limit.key(subject)
        for attempt in range(TAKE_ATTEMPTS):
            try:
                async with self._committed() as session:
                    # The time of this attempt: a busy store can have kept the previous one waiting seconds.
                    return await _take(session, limit, key, self.clock())
            except IntegrityError:
                continue  # another process counted this key's first request meanwhile: count again
            except StoreBusy:
                # SQLite's busy handler is not fair: under a burst of counts one connection can lose the
                # write lock to others for its whole timeout. A count is a few microseconds of work: again.
                if attempt == TAKE_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(0.05 * (attempt + 1))
        return 1

    async def waiting(self, limit: Limit, subject: str) -> int | None:
        """Seconds until `subject` may go on, without counting a request; None when it may now."""
        key, now = limit.key(subject), self.clock()
        async with self.config.get_session() as session:
            due = (await session.execute(select(RateLimitModel.due).where(RateLimitModel.key == key))).scalar()
        return _wait(limit, due, now)

    async def give_back(self, limit: Limit, subject: str) -> None:
        """Undo one counted request of `subject` (it turned out not to be what the limit is for)."""
        async with self._committed() as session:
            await session.execute(
                update(RateLimitModel)
                .where(RateLimitModel.key == limit.key(subject))
                .values(due=RateLimitModel.due - limit.interval)
            )

    @contextlib.asynccontextmanager
    async def _committed(self) -> AsyncIterator[AsyncSession]:
        """A transaction of its own, committed on leaving; a store too busy to take it is a 503, never a 500."""
        try:
            async with self.config.get_session() as session, session.begin():
                yield session
        except OperationalError as busy:  # SQLite: the write lock was not free within its busy timeout
            raise StoreBusy() from busy


async def _take(session: AsyncSession, limit: Limit, key: str, now: float) -> int | None:
    """One attempt of `RateLimits.take` (an IntegrityError: the key's first row was added meanwhile)."""
    taken = await session.execute(
        update(RateLimitModel)
        .where(RateLimitModel.key == key, RateLimitModel.due - now <= limit.tolerance)
        .values(due=case((RateLimitModel.due > now, RateLimitModel.due), else_=now) + limit.interval)
    )
    if cast("CursorResult[Any]", taken).rowcount == 1:
        return None
    due = (await session.execute(select(RateLimitModel.due).where(RateLimitModel.key == key))).scalar()
    if due is not None:
        return _wait(limit, due, now) or 1  # refused by the UPDATE: never let through uncounted
    # The key's first request. Rows whose allowance is full again say nothing a missing row does not: gone.
    await session.execute(delete(RateLimitModel).where(RateLimitModel.due < now))
    session.add(RateLimitModel(key=key, due=now + limit.interval))
    await session.flush()
    return None


def _wait(limit: Limit, due: float | None, now: float) -> int | None:
    """Whole seconds until a key whose allowance is full at `due` lets a request through; None: now."""
    if due is None or due - now <= limit.tolerance:
        return None
    return max(1, math.ceil(due - limit.tolerance - now))
