"""What the gate says of answers as the store holds them now: their latest texts, findings and reading levels.

Readers may be served older revisions (`--publish approved`); editors work on the latest ones, so the
editorial pages and the coverage map look at those, through the same rules as every write.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.content.files import AnswerFiles
from service.content.gate import AnswerFindings, CheckedContent, Gate
from service.content.model import Answer, Audience
from service.store.drift import behind, source_of
from service.store.models import AnswerModel, AnswerRevisionModel, TextModel, TextRevisionModel
from service.store.repositories import answer_with_metadata, approved_waivers, latest_texts
from service.store.source import shown_folder

__all__ = ["LatestAnswer", "Texts", "check_draft", "files_of", "inspect_answers"]


Texts = dict[tuple[str, str], tuple[TextModel, TextRevisionModel]]


@dataclass(frozen=True, kw_only=True)
class LatestAnswer:
    """An answer's newest metadata and texts, and what the rules found in them."""

    answer: AnswerModel
    metadata: AnswerRevisionModel
    texts: Texts
    """Every text with its newest revision, by (locale, audience)."""
    findings: AnswerFindings
    built: Answer | None
    """The answer as readers would get it from these texts; None when an error keeps it from being built."""


def files_of(
    answer: AnswerModel,
    metadata_toml: str,
    texts: Texts,
    draft: tuple[str, Audience, str] | None = None,
    *,
    waivers: frozenset[tuple[str, Audience, str]] = frozenset(),
) -> AnswerFiles:
    """An answer of the store as the gate reads it: its newest texts, or with `draft` as the next revision of one.

    A draft is written against its source's newest revision; the texts written from a draft of their
    source are then behind it (see `AnswerFiles.behind`). `waivers`: those of the newest approved
    metadata revision, the only ones that may take effect.
    """
    markdown = {(locale, Audience(audience)): revision.markdown for (locale, audience), (_, revision) in texts.items()}
    numbers = {key: (revision.number, revision.source_revision) for key, (_, revision) in texts.items()}
    if draft is not None:
        locale, audience, written = draft
        markdown[locale, audience] = written
        key = (locale, audience.value)
        source = source_of(*key)
        numbers[key] = (numbers[key][0] + 1 if key in numbers else 1, numbers[source][0] if source in numbers else None)
    return AnswerFiles(
        slug=answer.slug,
        shown=shown_folder(answer.slug),
        metadata_text=metadata_toml,
        texts=markdown,
        behind=behind(numbers),
        approved_waivers=waivers,
    )


async def check_stored(session: AsyncSession, files: list[AnswerFiles], *, gate: Gate) -> CheckedContent:
    """Every rule on answers of the store as `files` has them (stored, or with a draft), beside the others."""
    checked = {answer.slug for answer in files}
    others = frozenset(
        slug for slug in (await session.execute(select(AnswerModel.slug))).scalars() if slug not in checked
    )
    return gate.check_answers(files, cache_name="editorial", other_slugs=others, partial=True)


async def check_draft(
    session: AsyncSession,
    *,
    slug: str,
    locale: str,
    audience: Audience,
    markdown: str,
    gate: Gate,
) -> AnswerFindings:
    """What the rules find in the answer if one of its texts were `markdown`; nothing is stored."""
    answer, metadata = await answer_with_metadata(session, slug)
    waivers = (await approved_waivers(session, [answer.id]))[answer.id]
    texts = await latest_texts(session, answer.id)
    files = files_of(answer, metadata.metadata_toml, texts, (locale, audience, markdown), waivers=waivers)
    return (await check_stored(session, [files], gate=gate)).findings[0]


async def inspect_answers(
    session: AsyncSession,
    slugs: list[str] | None = None,
    *,
    gate: Gate,
) -> list[LatestAnswer]:
    """The answers called `slugs` (default: every one, by slug), checked as they are now (404 for an unknown slug)."""
    if slugs is None:
        slugs = list((await session.execute(select(AnswerModel.slug).order_by(AnswerModel.slug))).scalars())
    found: list[tuple[AnswerModel, AnswerRevisionModel, Texts]] = []
    for slug in slugs:
        answer, metadata = await answer_with_metadata(session, slug)
        found.append((answer, metadata, await latest_texts(session, answer.id)))
    waived = await approved_waivers(session, [answer.id for answer, _, _ in found])
    files = [
        files_of(answer, metadata.metadata_toml, texts, waivers=waived[answer.id]) for answer, metadata, texts in found
    ]
    checked = await check_stored(session, files, gate=gate)
    return [
        LatestAnswer(
            answer=answer,
            metadata=metadata,
            texts=texts,
            findings=findings,
            built=checked.answers.get(answer.slug),
        )
        for (answer, metadata, texts), findings in zip(found, checked.findings, strict=True)
    ]
