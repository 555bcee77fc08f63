"""The audit log as the store's change feed, and PostgreSQL's notifications as its fast lane.

Every write, decision and import adds an audit entry, so the entries a catalog has not applied yet
name exactly the answers it must reload. A catalog carries its position in the log (a window of the
newest entries by id, `FeedPosition`), read in the same session as the content it was built from, so
that its answers and its token always describe one moment. A process looks for entries its live
catalog has not applied each `interval`; the window, rather than only the newest id, is what makes
this exact on PostgreSQL too, where ids are handed out in order but transactions may commit out of order.

On PostgreSQL a trigger also sends each changed answer's slug as its transaction commits (migration
0005); a listening process catches up at once, and the periodic look stays as the safety net for a
dropped connection. Reloading an answer that did not change is harmless: its revision, and so every
rendition of it, stays the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Callable

import asyncpg
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from service.content.catalog import FEED_WINDOW, FeedPosition
from service.errors import StoreBusy
from service.store.models import AnswerModel, AuditEntryModel, WriteLockModel

__all__ = [
    "CHANNEL",
    "changed_between",
    "follow",
    "read_position",
    "serialize_writes",
    "unapplied",
]

logger = logging.getLogger(__name__)
CHANNEL = "tailor_changes"
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0)
"""Seconds between attempts to listen again after the connection dropped (the last one repeats)."""


async def serialize_writes(session: AsyncSession) -> None:
    """Make this write transaction wait for the others, before it reads what it is about to change.

    The first statement of every editorial write: it updates the one row of `write_lock`, which locks the
    row on PostgreSQL and takes the write lock on SQLite (whose reads before a first write would
    otherwise run outside any transaction, so two writers could both read a revision as under review
    and both decide on it). Then each writer reads what the previous one committed, and audit ids are
    handed out in commit order, so "every entry after N" is an exact description of what changed since a
    reader saw N (an app's manifest token). Editorial writes are few; none of them waits long, and one
    that waits longer than the store allows is told to try again (503), never a 500.
    """
    try:
        await session.execute(
            update(WriteLockModel).where(WriteLockModel.id == 1).values(writes=WriteLockModel.writes + 1)
        )
    except OperationalError as busy:  # SQLite: the lock was not free within its busy timeout
        await session.rollback()
        raise StoreBusy() from busy


async def _store_identity(session: AsyncSession) -> str:
    """A name for this store that another store (or a rebuilt one) does not have: from its first audit entry."""
    first = (
        await session.execute(
            select(AuditEntryModel.id, AuditEntryModel.created_at).order_by(AuditEntryModel.id).limit(1)
        )
    ).first()
    if first is None:
        return "empty"
    return hashlib.blake2b(f"{first[0]}|{first[1].isoformat()}".encode(), digest_size=4).hexdigest()


async def read_position(session: AsyncSession) -> FeedPosition:
    """Where the store's log stands now (read before the content it describes, in the same session)."""
    newest = int((await session.execute(select(func.coalesce(func.max(AuditEntryModel.id), 0)))).scalar_one())
    start = FeedPosition(log=await _store_identity(session), floor=max(newest - FEED_WINDOW, 0))
    recent = (await session.execute(select(AuditEntryModel.id).where(AuditEntryModel.id > start.floor))).scalars()
    return start.advanced(frozenset(recent))


async def changed_between(session: AsyncSession, after: int, upto: int) -> frozenset[str]:
    """The slugs of the answers with audit entries in (`after`, `upto`]."""
    query = (
        select(AnswerModel.slug)
        .join(AuditEntryModel, AuditEntryModel.answer_id == AnswerModel.id)
        .where(AuditEntryModel.id > after, AuditEntryModel.id <= upto)
        .distinct()
    )
    return frozenset((await session.execute(query)).scalars())


async def unapplied(session: AsyncSession, position: FeedPosition) -> tuple[frozenset[str], frozenset[int]]:
    """(the slugs of the answers with entries `position` has not applied, those entries)."""
    query = (
        select(AuditEntryModel.id, AnswerModel.slug)
        .join(AnswerModel, AnswerModel.id == AuditEntryModel.answer_id)
        .where(AuditEntryModel.id > position.floor)
    )
    new = [(entry, slug) for entry, slug in (await session.execute(query)).all() if not position.has(entry)]
    return frozenset(slug for _, slug in new), frozenset(entry for entry, _ in new)


async def follow(
    config: SQLAlchemyAsyncConfig, served: Callable[[], FeedPosition | None], interval: float
) -> AsyncIterator[frozenset[str]]:
    """Changed answers as they are found: notified at once on PostgreSQL, looked for each `interval` everywhere.

    `served()`: the position of the catalog being served; None until the first load has read the store
    (nothing is looked for before). The caller reloads what is yielded before it asks for more, and
    that reload advances the catalog's position itself: an entry is looked for again until a catalog
    that applied it is served.
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
            position = served()
            if position is None:
                continue
            try:
                async with config.get_session() as session:
                    found, _ = await unapplied(session, position)
            except (SQLAlchemyError, OSError) as error:
                logger.warning("cannot look for changes in the store: %s", error)
                continue
            if found:
                yield found
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
