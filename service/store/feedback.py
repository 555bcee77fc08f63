"""What readers send from an answer, kept with the answer, section, audience, locale and revision they saw.

Readers are anonymous: nothing here identifies them but the contact they chose to leave. Editors read
the messages (`GET /api/v1/editorial/feedback`, `/editorial/feedback`); the contacts only reviewers and
admins, who answer readers, and only for `TAILOR_FEEDBACK_CONTACT_DAYS` (180 by default): older contacts
are erased (the message stays), whenever a message arrives and when a server starts. Nothing of it is
ever shown to other readers.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal, cast

import msgspec
from sqlalchemy import CursorResult, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from service.content.model import Audience
from service.store.models import AnswerModel, FeedbackModel
from service.store.repositories import answer_by_slug
from service.structs import Record

__all__ = [
    "MAX_CONTACT",
    "MAX_MESSAGE",
    "FeedbackEntry",
    "FeedbackNote",
    "add_feedback",
    "forget_old_contacts",
    "recent_feedback",
]

MAX_MESSAGE = 2000
"""Characters of a message: room for a question or a report, not for a flood."""
MAX_CONTACT = 200


class FeedbackNote(Record):
    """One message, as a reader sends it."""

    slug: str
    kind: Literal["question", "problem"]
    audience: Audience
    locale: str
    revision: Annotated[str, msgspec.Meta(max_length=64)]
    message: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_MESSAGE)]
    section: Annotated[str, msgspec.Meta(max_length=64)] | None = None
    contact: Annotated[str, msgspec.Meta(max_length=MAX_CONTACT)] | None = None


class FeedbackEntry(Record):
    """One message, as editors read it."""

    id: int
    received_at: str
    slug: str
    kind: str
    section: str | None
    audience: str
    locale: str
    revision: str
    message: str
    contact: str | None
    """How to reach the reader: for reviewers and admins only (null for authors), and erased after
    `TAILOR_FEEDBACK_CONTACT_DAYS`."""


async def add_feedback(session: AsyncSession, note: FeedbackNote, *, contact_days: int) -> None:
    """Keep a reader's message with the answer it is about (404 for an unknown answer); erase old contacts."""
    answer = await answer_by_slug(session, note.slug)
    await forget_old_contacts(session, contact_days)
    session.add(
        FeedbackModel(
            answer_id=answer.id,
            kind=note.kind,
            section=note.section,
            audience=note.audience.value,
            locale=note.locale,
            revision=note.revision,
            message=note.message,
            contact=note.contact,
        )
    )
    await session.flush()


async def forget_old_contacts(session: AsyncSession, days: int) -> int:
    """Erase the contacts readers left more than `days` days ago; how many were erased."""
    before = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)
    erased = await session.execute(
        update(FeedbackModel)
        .where(FeedbackModel.contact.is_not(None), FeedbackModel.created_at < before)
        .values(contact=None)
        .execution_options(synchronize_session=False)
    )
    return int(cast("CursorResult[Any]", erased).rowcount)


async def recent_feedback(session: AsyncSession, limit: int = 100, *, with_contacts: bool) -> list[FeedbackEntry]:
    """The newest messages first; without the readers' contacts unless `with_contacts` (reviewers, admins)."""
    query = (
        select(FeedbackModel, AnswerModel.slug)
        .join(AnswerModel, AnswerModel.id == FeedbackModel.answer_id)
        .order_by(FeedbackModel.id.desc())
        .limit(limit)
    )
    return [
        FeedbackEntry(
            id=feedback.id,
            received_at=feedback.created_at.isoformat(),
            slug=slug,
            kind=feedback.kind,
            section=feedback.section,
            audience=feedback.audience,
            locale=feedback.locale,
            revision=feedback.revision,
            message=feedback.message,
            contact=feedback.contact if with_contacts else None,
        )
        for feedback, slug in (await session.execute(query)).all()
    ]
