"""The audit log as the store's change feed.

Every write and decision adds an entry, so the entries added since the last one a process saw name
exactly the answers it must reload. A process keeps a cursor (the id of the newest entry it has
applied), read *before* the content it loads, so that a change committed meanwhile is applied again
rather than missed. Reloading an answer that did not change is harmless: its revision, and so every
rendition of it, stays the same.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.store.models import AnswerModel, AuditEntryModel

__all__ = ["audit_cursor", "changed_since"]


async def audit_cursor(session: AsyncSession) -> int:
    """The id of the newest audit entry (0 for an empty log)."""
    return int((await session.execute(select(func.coalesce(func.max(AuditEntryModel.id), 0)))).scalar_one())


async def changed_since(session: AsyncSession, cursor: int) -> tuple[int, frozenset[str]]:
    """The newest entry's id, and the slugs of the answers with entries newer than `cursor`."""
    newest = await audit_cursor(session)
    if newest <= cursor:
        return cursor, frozenset()
    query = (
        select(AnswerModel.slug)
        .join(AuditEntryModel, AuditEntryModel.answer_id == AnswerModel.id)
        .where(AuditEntryModel.id > cursor, AuditEntryModel.id <= newest)
        .distinct()
    )
    return newest, frozenset((await session.execute(query)).scalars())
