"""Drift: a text written from a source text that has since been approved in a newer revision is stale.

Nurse and family texts are written from the clinician text of the same locale; a clinician text in
another locale is a translation of the English clinician text. Each revision records the source
revision it was written (or last confirmed) against; when the source's newest approved revision is
newer, the text may no longer say what its source says, and stays stale until a new revision or a
reviewer's "still accurate" decision catches up.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.content.model import DEFAULT_LOCALE, Audience
from service.content.workflow import ReviewState
from service.store.models import TextModel, TextRevisionModel

__all__ = ["approved_numbers", "behind", "is_stale", "source_of"]

TextKey = tuple[int, str, str]
"""(answer id, locale, audience)."""


def source_of(locale: str, audience: str) -> tuple[str, str] | None:
    """The (locale, audience) of the text one is written from; None for the English clinician text."""
    if audience != Audience.CLINICIAN.value:
        return locale, Audience.CLINICIAN.value
    return (DEFAULT_LOCALE, Audience.CLINICIAN.value) if locale != DEFAULT_LOCALE else None


def behind(texts: Mapping[tuple[str, str], tuple[int, int | None]]) -> frozenset[tuple[str, Audience]]:
    """The texts written against an older revision of their source than the one beside them, or from a text that is.

    `texts`: (locale, audience) → (the revision's number, the source revision it was written against).
    Unlike staleness, this compares with the source revision that is there, approved or not: it is what
    the gate checks the texts together as. A Spanish family text written from a Spanish clinician text
    that is behind the English one is behind too: what it carries comes from the English text.
    """
    found: set[tuple[str, str]] = set()
    for key, (_, source_revision) in texts.items():
        source = source_of(*key)
        if (
            source is not None
            and source in texts
            and source_revision is not None
            and source_revision < texts[source][0]
        ):
            found.add(key)
    found |= {key for key in texts if (source := source_of(*key)) is not None and source in found}
    return frozenset((locale, Audience(audience)) for locale, audience in found)


async def approved_numbers(session: AsyncSession, answer_id: int | None = None) -> dict[TextKey, int]:
    """For every text (of one answer, if given) with an approved revision, its newest approved revision's number."""
    query = (
        select(TextModel.answer_id, TextModel.locale, TextModel.audience, func.max(TextRevisionModel.number))
        .join(TextRevisionModel, TextRevisionModel.text_id == TextModel.id)
        .where(TextRevisionModel.status == ReviewState.APPROVED)
        .group_by(TextModel.answer_id, TextModel.locale, TextModel.audience)
    )
    if answer_id is not None:
        query = query.where(TextModel.answer_id == answer_id)
    return {
        (answer_id, locale, audience): number
        for answer_id, locale, audience, number in (await session.execute(query)).all()
    }


def is_stale(key: TextKey, source_revision: int | None, approved: dict[TextKey, int]) -> bool:
    """Whether the text's source has an approved revision newer than the one it was written against."""
    source = source_of(key[1], key[2])
    if source is None or source_revision is None:
        return False
    newest = approved.get((key[0], *source))
    return newest is not None and newest > source_revision
