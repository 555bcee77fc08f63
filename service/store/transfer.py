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

from service.content.files import AnswerFiles
from service.content.gate import AnswerFindings, Gate, read_content
from service.content.metadata import METADATA_FILE
from service.content.model import DEFAULT_LOCALE, Answer, Audience
from service.content.problems import Problem
from service.store.changes import serialize_writes
from service.store.drift import source_of
from service.store.models import (
    AnswerModel,
    AnswerRevisionModel,
    AuditEntryModel,
    TextModel,
    TextRevisionModel,
    digest_of,
)
from service.store.repositories import latest_answer_revision, latest_text_revision, newest_of
from service.store.revisions import add_text_revision
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


class _Latest(Record):
    """The newest revision of a stored text or metadata: what an import compares its file with."""

    row_id: int
    """The text's (or answer's) id."""
    number: int
    digest: str
    withdrawn: bool = False


class _Stored(Record):
    """What the store holds, read once before an import: the newest revision of everything, by name."""

    answers: dict[str, _Latest]
    """By slug: the answer's id and its newest metadata revision."""
    texts: dict[tuple[str, str, str], _Latest]
    """By (slug, locale, audience): the text's id and its newest revision."""


async def _stored(session: AsyncSession) -> _Stored:
    answers = await session.execute(
        select(AnswerModel.slug, AnswerModel.id, AnswerRevisionModel.number, AnswerRevisionModel.digest)
        .add_columns(AnswerRevisionModel.withdrawn)
        .join(AnswerRevisionModel, AnswerRevisionModel.answer_id == AnswerModel.id)
        .join(*newest_of(AnswerRevisionModel.answer_id, AnswerRevisionModel.number))
    )
    texts = await session.execute(
        select(AnswerModel.slug, TextModel.locale, TextModel.audience, TextModel.id)
        .add_columns(TextRevisionModel.number, TextRevisionModel.digest)
        .join(TextModel, TextModel.answer_id == AnswerModel.id)
        .join(TextRevisionModel, TextRevisionModel.text_id == TextModel.id)
        .join(*newest_of(TextRevisionModel.text_id, TextRevisionModel.number))
    )
    return _Stored(
        answers={
            slug: _Latest(row_id=row_id, number=number, digest=digest, withdrawn=withdrawn)
            for slug, row_id, number, digest, withdrawn in answers.all()
        },
        texts={
            (slug, locale, audience): _Latest(row_id=row_id, number=number, digest=digest)
            for slug, locale, audience, row_id, number, digest in texts.all()
        },
    )


async def import_directory(
    config: SQLAlchemyAsyncConfig,
    directory: Path,
    *,
    gate: Gate,
) -> ImportReport:
    """Store every answer of `directory` that passes the gate, one transaction per answer.

    What the store holds is read once, up front; each answer's transaction then only adds rows (a
    concurrent writer that added the same revision first makes it fail on the unique revision number,
    rather than store a duplicate).
    """
    # Read once: the bytes the gate checks are the bytes stored, whatever changes on disk meanwhile.
    content = read_content(directory)
    files = {answer.slug: answer for answer in content.answers}
    checked = gate.check_files(content)
    async with config.get_session() as session:
        stored = await _stored(session)
    changed: list[str] = []
    unchanged: list[str] = []
    for slug, answer in checked.answers.items():
        async with config.get_session() as session, session.begin():
            if await _import_answer(session, files[slug], answer, stored):
                changed.append(slug)
            else:
                unchanged.append(slug)
    held_back = tuple(found for found in checked.findings if found.errors)
    return ImportReport(
        changed=tuple(changed), unchanged=tuple(unchanged), held_back=held_back, general=checked.general
    )


async def _import_answer(session: AsyncSession, read: AnswerFiles, answer: Answer, stored: _Stored) -> bool:
    """Add the revisions this answer's files (`read`, as the gate checked them) make; True when any was added."""
    await serialize_writes(session)
    slug = answer.slug
    known = stored.answers.get(slug)
    if known is None:
        row = AnswerModel(slug=slug)
        session.add(row)
        await session.flush()
        answer_id = row.id
    else:
        answer_id = known.row_id
    added = False
    metadata_toml = read.metadata_text
    if metadata_toml is None:  # every answer the gate let through has its answer.toml
        raise TypeError(f"{slug} passed the gate without metadata")
    if known is None or known.digest != digest_of(metadata_toml):
        number = known.number + 1 if known is not None else 1
        # Like its texts, the metadata starts from the review status answer.toml gives.
        status = answer.metadata.review.status.value
        session.add(
            AnswerRevisionModel(
                answer_id=answer_id,
                number=number,
                metadata_toml=metadata_toml,
                digest=digest_of(metadata_toml),
                # An admin's withdrawal stands: files bring content, never a decision to publish.
                withdrawn=known.withdrawn if known is not None else False,
                status=status,
            )
        )
        session.add(
            AuditEntryModel(
                answer_id=answer_id, actor=IMPORT_ACTOR, action="import-metadata", revision=number, to_status=status
            )
        )
        added = True

    files = {(locale, audience.value): read.texts[locale, audience] for locale, audience in answer.variants}
    new_texts = {key: TextModel(answer_id=answer_id, locale=key[0], audience=key[1]) for key in files}
    new_texts = {key: text for key, text in new_texts.items() if (slug, *key) not in stored.texts}
    if new_texts:
        session.add_all(new_texts.values())
        await session.flush()
    numbers: dict[tuple[str, str], int] = {}
    # Sources first, so that each text records the revision its source has after this import.
    for locale, audience in sorted(files, key=_source_first):
        markdown = files[locale, audience]
        latest = stored.texts.get((slug, locale, audience))
        if latest is not None and latest.digest == digest_of(markdown):
            numbers[locale, audience] = latest.number
            continue
        number = latest.number + 1 if latest is not None else 1
        numbers[locale, audience] = number
        source = source_of(locale, audience)
        # Files carry one review status per answer (answer.toml's); each text starts from it here.
        status = answer.metadata.review.status.value
        add_text_revision(
            session,
            text=(latest.row_id if latest is not None else new_texts[locale, audience].id, answer_id, locale, audience),
            number=number,
            markdown=markdown,
            status=status,
            source_revision=numbers.get(source) if source is not None else None,
            author=None,
            actor=IMPORT_ACTOR,
            action="import-text",
        )
        added = True
    return added


def _source_first(key: tuple[str, str]) -> tuple[bool, str, bool, str]:
    """English before other locales, the clinician text before the others: every source before its texts."""
    locale, audience = key
    return locale != DEFAULT_LOCALE, locale, audience != Audience.CLINICIAN.value, audience


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
