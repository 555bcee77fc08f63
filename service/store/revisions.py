"""Writing a text's revision: the one way, for an editor's write and for `tailor import` alike.

A revision is never written alone: its audit entry goes with it (the change feed and the history
read that), and so does the revision of the source it was written against, which drift compares.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from service.store.models import AuditEntryModel, TextRevisionModel, UserModel, digest_of

__all__ = ["add_text_revision"]


def add_text_revision(
    session: AsyncSession,
    *,
    text: tuple[int, int, str, str],
    number: int,
    markdown: str,
    status: str,
    source_revision: int | None,
    author: UserModel | None,
    actor: str,
    action: str,
) -> TextRevisionModel:
    """Add revision `number` of `text` and its audit entry to `session` (flushing, and losing a race, is the caller's).

    `text` is (its row id, its answer's row id, locale, audience).
    """
    text_id, answer_id, locale, audience = text
    revision = TextRevisionModel(
        text_id=text_id,
        number=number,
        markdown=markdown,
        digest=digest_of(markdown),
        status=status,
        author_id=author.id if author is not None else None,
        source_revision=source_revision,
    )
    session.add(revision)
    session.add(
        AuditEntryModel(
            answer_id=answer_id,
            actor=actor,
            action=action,
            locale=locale,
            audience=audience,
            revision=number,
            to_status=status,
        )
    )
    return revision
