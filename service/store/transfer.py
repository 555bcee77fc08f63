"""Content directories in and out of the store: `tailor import` and `tailor export`.

Import runs the gate (`check_content`, the same function as `tailor check` and the server) and stores
only answers without errors, each in one transaction: an answer is imported whole or not at all.
Files equal to the latest revision add nothing, so importing an export changes nothing. Export writes
the latest revision of everything in the `variants/` format, which `tailor check` passes.
"""

from __future__ import annotations

from pathlib import Path

from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.content.gate import AnswerFindings, check_content
from service.content.metadata import METADATA_FILE
from service.content.model import DEFAULT_LOCALE, Answer, Audience
from service.content.problems import Problem
from service.content.targets import DEFAULT_TARGETS, ReadingTargets
from service.store.drift import source_of
from service.store.models import (
    AnswerModel,
    AnswerRevisionModel,
    AuditEntryModel,
    TextModel,
    TextRevisionModel,
    digest_of,
)
from service.store.repositories import AnswerRepository, TextRepository, latest_answer_revision, latest_text_revision
from service.structs import Record

__all__ = ["IMPORT_ACTOR", "ImportReport", "export_directory", "import_directory"]

IMPORT_ACTOR = "import"
"""The audit log's actor for revisions that `tailor import` adds."""


class ImportReport(Record):
    """What an import did."""

    changed: tuple[str, ...]
    """Answers that got at least one new revision."""
    unchanged: tuple[str, ...]
    """Answers whose files equal their latest revisions."""
    held_back: tuple[AnswerFindings, ...]
    """Answers with errors: nothing of them was stored."""
    general: tuple[Problem, ...]
    """Findings that belong to no answer."""


async def import_directory(
    config: SQLAlchemyAsyncConfig,
    directory: Path,
    *,
    targets: ReadingTargets = DEFAULT_TARGETS,
    cache_dir: Path | None = None,
) -> ImportReport:
    """Store every answer of `directory` that passes the gate, one transaction per answer."""
    checked = check_content(directory, targets, cache_dir)
    changed: list[str] = []
    unchanged: list[str] = []
    for slug, answer in checked.answers.items():
        async with config.get_session() as session, session.begin():
            if await _import_answer(session, directory / slug, answer):
                changed.append(slug)
            else:
                unchanged.append(slug)
    held_back = tuple(found for found in checked.findings if found.errors)
    return ImportReport(
        changed=tuple(changed), unchanged=tuple(unchanged), held_back=held_back, general=checked.general
    )


async def _import_answer(session: AsyncSession, folder: Path, answer: Answer) -> bool:
    """Add the revisions this answer's files make; True when any was added."""
    answers = AnswerRepository(session=session)
    row = await answers.get_one_or_none(slug=answer.slug) or await answers.add(AnswerModel(slug=answer.slug))
    added = False
    metadata_toml = (folder / METADATA_FILE).read_text(encoding="utf-8")
    latest = await latest_answer_revision(session, row.id)
    if latest is None or latest.digest != digest_of(metadata_toml):
        number = latest.number + 1 if latest is not None else 1
        session.add(
            AnswerRevisionModel(
                answer_id=row.id,
                number=number,
                metadata_toml=metadata_toml,
                digest=digest_of(metadata_toml),
                # An admin's withdrawal stands: files bring content, never a decision to publish.
                withdrawn=latest.withdrawn if latest is not None else False,
            )
        )
        session.add(AuditEntryModel(answer_id=row.id, actor=IMPORT_ACTOR, action="import-metadata", revision=number))
        added = True
    status = answer.metadata.review.status.value
    for locale, audience in sorted(answer.variants, key=_source_first):
        markdown = (folder / locale / f"{audience.value}.md").read_text(encoding="utf-8")
        text = _Text(answer_id=row.id, locale=locale, audience=audience.value)
        added = await _import_text(session, text, markdown=markdown, status=status) or added
    return added


class _Text(Record):
    answer_id: int
    locale: str
    audience: str


async def _import_text(session: AsyncSession, key: _Text, *, markdown: str, status: str) -> bool:
    answer_id, locale, audience = key.answer_id, key.locale, key.audience
    texts = TextRepository(session=session)
    text = await texts.get_one_or_none(answer_id=answer_id, locale=locale, audience=audience) or await texts.add(
        TextModel(answer_id=answer_id, locale=locale, audience=audience)
    )
    latest = await latest_text_revision(session, text.id)
    if latest is not None and latest.digest == digest_of(markdown):
        return False
    number = latest.number + 1 if latest is not None else 1
    # Files carry one review status per answer (answer.toml's); each text starts from it here.
    session.add(
        TextRevisionModel(
            text_id=text.id,
            number=number,
            markdown=markdown,
            digest=digest_of(markdown),
            status=status,
            source_revision=await _source_revision(session, answer_id, locale, audience),
        )
    )
    session.add(
        AuditEntryModel(
            answer_id=answer_id,
            actor=IMPORT_ACTOR,
            action="import-text",
            locale=locale,
            audience=audience,
            revision=number,
            to_status=status,
        )
    )
    return True


def _source_first(key: tuple[str, Audience]) -> tuple[bool, str, bool, str]:
    """English before other locales, the clinician text before the others: every source before its texts."""
    locale, audience = key
    return locale != DEFAULT_LOCALE, locale, audience is not Audience.CLINICIAN, audience.value


async def _source_revision(session: AsyncSession, answer_id: int, locale: str, audience: str) -> int | None:
    """The latest revision of the text this one is written from, as the import stores it.

    Sources are imported first (see `_source_first`), so this is the revision the text arrived with.
    """
    source = source_of(locale, audience)
    if source is None:
        return None
    text = await TextRepository(session=session).get_one_or_none(
        answer_id=answer_id, locale=source[0], audience=source[1]
    )
    latest = await latest_text_revision(session, text.id) if text is not None else None
    return latest.number if latest is not None else None


async def export_directory(config: SQLAlchemyAsyncConfig, directory: Path) -> int:
    """Write the latest revision of every answer that is not withdrawn; returns how many were written.

    Raises:
        FileExistsError: when `directory` exists and is not empty (an export never mixes with other files).
    """
    if directory.exists() and any(directory.iterdir()):
        raise FileExistsError(f"{directory} is not empty: export into a new or empty directory")
    written = 0
    async with config.get_session() as session:
        answers = (await session.execute(select(AnswerModel).order_by(AnswerModel.slug))).scalars().all()
        for answer in answers:
            metadata = await latest_answer_revision(session, answer.id)
            if metadata is None or metadata.withdrawn:
                continue
            folder = directory / answer.slug
            folder.mkdir(parents=True)
            (folder / METADATA_FILE).write_text(metadata.metadata_toml, encoding="utf-8")
            texts = (await session.execute(select(TextModel).where(TextModel.answer_id == answer.id))).scalars().all()
            for text in texts:
                revision = await latest_text_revision(session, text.id)
                if revision is None:
                    continue
                (folder / text.locale).mkdir(exist_ok=True)
                (folder / text.locale / f"{text.audience}.md").write_text(revision.markdown, encoding="utf-8")
            written += 1
    return written
