"""Data access for the store: Advanced Alchemy repositories, plus the one query they lack (a latest revision)."""

from __future__ import annotations

from collections.abc import Collection

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import ColumnElement, Subquery, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from service.content.metadata import waivers_in
from service.content.model import Audience
from service.content.workflow import ReviewState
from service.errors import UnknownAnswer
from service.store.models import AnswerModel, AnswerRevisionModel, TextModel, TextRevisionModel, UserModel

__all__ = [
    "UserRepository",
    "answer_by_slug",
    "answer_with_metadata",
    "approved_waivers",
    "latest_answer_revision",
    "latest_text_revision",
    "latest_texts",
    "metadata_revisions",
    "newest_of",
    "text_revisions",
]


class UserRepository(SQLAlchemyAsyncRepository[UserModel]):
    """Users."""

    model_type = UserModel


def newest_of(
    owner: InstrumentedAttribute[int], number: InstrumentedAttribute[int]
) -> tuple[Subquery, ColumnElement[bool]]:
    """A join that keeps each owner's newest revision only: `.join(*newest_of(Revision.text_id, Revision.number))`."""
    newest = select(owner.label("owner"), func.max(number).label("number")).group_by(owner).subquery()
    return newest, (newest.c.owner == owner) & (newest.c.number == number)


async def answer_by_slug(session: AsyncSession, slug: str) -> AnswerModel:
    """The answer called `slug`, or a 404."""
    answer = (await session.execute(select(AnswerModel).where(AnswerModel.slug == slug))).scalar_one_or_none()
    if answer is None:
        raise UnknownAnswer(slug)
    return answer


async def answer_with_metadata(session: AsyncSession, slug: str) -> tuple[AnswerModel, AnswerRevisionModel]:
    """The answer called `slug` and its newest metadata revision, or a 404."""
    answer = await answer_by_slug(session, slug)
    metadata = await latest_answer_revision(session, answer.id)
    if metadata is None:
        raise UnknownAnswer(slug)
    return answer, metadata


async def latest_answer_revision(session: AsyncSession, answer_id: int) -> AnswerRevisionModel | None:
    """The newest metadata revision of an answer."""
    query = (
        select(AnswerRevisionModel)
        .where(AnswerRevisionModel.answer_id == answer_id)
        .order_by(AnswerRevisionModel.number.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def latest_text_revision(session: AsyncSession, text_id: int) -> TextRevisionModel | None:
    """The newest revision of a text."""
    query = (
        select(TextRevisionModel)
        .where(TextRevisionModel.text_id == text_id)
        .order_by(TextRevisionModel.number.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def latest_texts(
    session: AsyncSession, answer_id: int
) -> dict[tuple[str, str], tuple[TextModel, TextRevisionModel]]:
    """Every text of an answer with its newest revision, by (locale, audience)."""
    texts = (await session.execute(select(TextModel).where(TextModel.answer_id == answer_id))).scalars().all()
    found: dict[tuple[str, str], tuple[TextModel, TextRevisionModel]] = {}
    for text in texts:
        revision = await latest_text_revision(session, text.id)
        if revision is not None:
            found[text.locale, text.audience] = (text, revision)
    return found


async def metadata_revisions(session: AsyncSession, answer_id: int) -> list[AnswerRevisionModel]:
    """Every metadata revision of an answer, oldest first."""
    query = (
        select(AnswerRevisionModel)
        .where(AnswerRevisionModel.answer_id == answer_id)
        .order_by(AnswerRevisionModel.number)
    )
    return list((await session.execute(query)).scalars())


async def text_revisions(session: AsyncSession, answer_id: int, locale: str, audience: str) -> list[TextRevisionModel]:
    """Every revision of one text of an answer, oldest first (none when the text does not exist)."""
    query = (
        select(TextRevisionModel)
        .join(TextModel, TextModel.id == TextRevisionModel.text_id)
        .where(TextModel.answer_id == answer_id, TextModel.locale == locale, TextModel.audience == audience)
        .order_by(TextRevisionModel.number)
    )
    return list((await session.execute(query)).scalars())


async def approved_waivers(
    session: AsyncSession, answer_ids: Collection[int]
) -> dict[int, frozenset[tuple[str, Audience, str]]]:
    """The waivers of each answer's newest approved metadata revision: the ones that may take effect."""
    if not answer_ids:
        return {}
    status, number = AnswerRevisionModel.status, AnswerRevisionModel.number
    newest = (
        select(AnswerRevisionModel.answer_id, func.max(number).label("number"))
        .where(status == ReviewState.APPROVED, AnswerRevisionModel.answer_id.in_(answer_ids))
        .group_by(AnswerRevisionModel.answer_id)
        .subquery()
    )
    query = select(AnswerRevisionModel.answer_id, AnswerRevisionModel.metadata_toml).join(
        newest, (newest.c.answer_id == AnswerRevisionModel.answer_id) & (newest.c.number == number)
    )
    found = {answer_id: waivers_in(toml) for answer_id, toml in (await session.execute(query)).all()}
    return {answer_id: found.get(answer_id, frozenset()) for answer_id in answer_ids}
