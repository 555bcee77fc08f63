"""The audit log as the store's change feed, and PostgreSQL's notifications as its fast lane.

Every write, decision and import adds an audit entry, so the entries a process has not seen yet name
exactly the answers it must reload. A process remembers the entries of a recent window (read *before*
the content it loads, so that a change committed meanwhile is applied again rather than missed) and
looks for new ones each `interval`. The window, rather than only the newest id, is what makes this
exact on PostgreSQL too, where ids are handed out in order but transactions may commit out of order.

On PostgreSQL a trigger also sends each changed answer's slug as its transaction commits (migration
0005); a listening process applies it at once, and the periodic look stays as the safety net for a
dropped connection. Reloading an answer that did not change is harmless: its revision, and so every
rendition of it, stays the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import asyncpg
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from service.store.models import AnswerModel, AuditEntryModel

__all__ = [
    "CHANNEL",
    "SeenEntries",
    "changed_between",
    "changed_since",
    "follow",
    "seen_entries",
    "serialize_writes",
    "store_identity",
]

logger = logging.getLogger(__name__)
CHANNEL = "tailor_changes"
WINDOW = 1000
"""How many of the newest audit entries a process remembers by id."""
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0)
"""Seconds between attempts to listen again after the connection dropped (the last one repeats)."""


@dataclass
class SeenEntries:
    """The audit entries a process has applied: every id up to `floor`, and `ids` above it."""

    floor: int = 0
    ids: set[int] = field(default_factory=set)

    @property
    def newest(self) -> int:
        """The newest entry seen."""
        return max(self.ids, default=self.floor)

    def advance(self, found: list[int]) -> None:
        """Remember `found`, and forget what falls out of the window."""
        self.ids.update(found)
        if self.ids:
            self.floor = max(self.floor, max(self.ids) - WINDOW)
            self.ids = {entry for entry in self.ids if entry > self.floor}


WRITE_LOCK = 0x7461696C6F72
"""The PostgreSQL advisory lock every write transaction holds ("tailor" in hex)."""


async def serialize_writes(session: AsyncSession) -> None:
    """Make this write transaction wait for the others (PostgreSQL; SQLite writes one at a time anyway).

    Then audit ids are handed out in commit order, so "every entry after N" is an exact description of
    what changed since a reader saw N (an app's manifest token). Editorial writes are few; none of them
    waits long.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK)))


async def store_identity(session: AsyncSession) -> str:
    """A name for this store that another store (or a rebuilt one) does not have: from its first audit entry."""
    first = (
        await session.execute(
            select(AuditEntryModel.id, AuditEntryModel.created_at).order_by(AuditEntryModel.id).limit(1)
        )
    ).first()
    if first is None:
        return "empty"
    return hashlib.blake2b(f"{first[0]}|{first[1].isoformat()}".encode(), digest_size=4).hexdigest()


async def changed_between(session: AsyncSession, after: int, upto: int) -> frozenset[str]:
    """The slugs of the answers with audit entries in (`after`, `upto`]."""
    query = (
        select(AnswerModel.slug)
        .join(AuditEntryModel, AuditEntryModel.answer_id == AnswerModel.id)
        .where(AuditEntryModel.id > after, AuditEntryModel.id <= upto)
        .distinct()
    )
    return frozenset((await session.execute(query)).scalars())


async def seen_entries(session: AsyncSession) -> SeenEntries:
    """The entries in the store now (read before the content they describe)."""
    newest = int((await session.execute(select(func.coalesce(func.max(AuditEntryModel.id), 0)))).scalar_one())
    floor = max(newest - WINDOW, 0)
    recent = (await session.execute(select(AuditEntryModel.id).where(AuditEntryModel.id > floor))).scalars()
    return SeenEntries(floor=floor, ids=set(recent))


async def changed_since(session: AsyncSession, seen: SeenEntries) -> frozenset[str]:
    """The slugs of the answers with entries not in `seen`, which then remembers them."""
    query = (
        select(AuditEntryModel.id, AnswerModel.slug)
        .join(AnswerModel, AnswerModel.id == AuditEntryModel.answer_id)
        .where(AuditEntryModel.id > seen.floor)
    )
    new = [(entry, slug) for entry, slug in (await session.execute(query)).all() if entry not in seen.ids]
    seen.advance([entry for entry, _ in new])
    return frozenset(slug for _, slug in new)


async def follow(
    config: SQLAlchemyAsyncConfig,
    seen_by_load: Callable[[], SeenEntries | None],
    interval: float,
    applied: Callable[[int], None],
) -> AsyncIterator[frozenset[str]]:
    """Changed answers as they are found: notified at once on PostgreSQL, looked for each `interval` everywhere.

    `seen_by_load()`: what the newest full load saw; None until the first has read the store (nothing
    is looked for before). `applied(n)` is called once every entry up to `n` is served (the caller
    reloads what is yielded before it asks for more).
    """
    notified: asyncio.Queue[str] = asyncio.Queue()
    listener = (
        asyncio.get_running_loop().create_task(_listen(config, notified))
        if config.get_engine().dialect.name == "postgresql"
        else None
    )
    try:
        while True:
            slugs = await _notified(notified, interval)
            if slugs:
                yield slugs
                continue
            seen = seen_by_load()
            if seen is None:
                continue
            try:
                async with config.get_session() as session:
                    found = await changed_since(session, seen)
            except (SQLAlchemyError, OSError) as error:
                logger.warning("cannot look for changes in the store: %s", error)
                continue
            if found:
                yield found
            applied(seen.newest)
    finally:
        if listener is not None:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener


async def _notified(queue: asyncio.Queue[str], interval: float) -> frozenset[str]:
    """The slugs notified within `interval` (and any queued with the first), or none."""
    try:
        first = await asyncio.wait_for(queue.get(), timeout=interval)
    except TimeoutError:
        return frozenset()
    slugs = {first}
    while not queue.empty():
        slugs.add(queue.get_nowait())
    return frozenset(slugs)


async def _listen(config: SQLAlchemyAsyncConfig, queue: asyncio.Queue[str]) -> None:
    """LISTEN on a connection of its own (asyncpg's), again and again after each drop."""
    url = config.get_engine().url.set(drivername="postgresql")
    attempt = 0
    while True:
        try:
            connection = await asyncpg.connect(url.render_as_string(hide_password=False))
        except (OSError, asyncpg.PostgresError) as error:
            delay = RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)]
            attempt += 1
            logger.warning("cannot listen for changes (%s); trying again in %.1f s", error, delay)
            await asyncio.sleep(delay)
            continue
        attempt = 0
        try:
            await _until_lost(connection, queue)
        finally:
            with contextlib.suppress(Exception):
                await connection.close(timeout=1)


async def _until_lost(connection: asyncpg.Connection, queue: asyncio.Queue[str]) -> None:
    """Put every notified slug on `queue` until the connection is lost."""
    lost = asyncio.Event()
    connection.add_termination_listener(lambda _: lost.set())
    await connection.add_listener(CHANNEL, lambda *arguments: queue.put_nowait(str(arguments[3])))
    logger.info("listening for changes on %s", CHANNEL)
    await lost.wait()
    logger.warning("the connection listening for changes was lost; listening again")
