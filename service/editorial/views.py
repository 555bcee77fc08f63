"""What the editorial pages show of a text: its sections beside its source's, the diff, the rules' findings.

`text_view` gathers it from the store; the functions it assembles with are pure. The controller
(`service.editorial.pages`) renders it. Sections are rendered exactly as a reader's page renders them.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession

from service.content.gate import AnswerFindings, Gate
from service.content.locale_tags import language_of
from service.content.model import DEFAULT_LOCALE, DISCLAIMER_SECTION, KEY_POINTS_SECTION, Audience
from service.content.problems import Problem
from service.content.rules import ReadingRow
from service.content.variant_file import split_sections
from service.content.workflow import ReviewState, allowed_decisions
from service.editorial.answers import stored_metadata
from service.editorial.claims import answer_claims
from service.editorial.inspection import inspect_answers
from service.editorial.texts import HistoryEntry, history
from service.editorial.users import REVIEWERS, WRITERS
from service.errors import UnknownAnswer
from service.i18n.labels import CLAIM_KIND_LABELS, PARITY_LABELS
from service.rendition.markdown import render
from service.store.drift import approved_numbers, is_stale, source_of
from service.store.models import AnswerRevisionModel, TextRevisionModel, UserModel
from service.store.repositories import answer_by_slug, metadata_revisions, text_revisions
from service.store.source import shown_file

__all__ = [
    "AlignedSection",
    "DiffLine",
    "FindingAtLine",
    "RenderedSection",
    "aligned_sections",
    "compared_with",
    "diff_lines",
    "findings_at_lines",
    "findings_of",
    "metadata_view",
    "reading_rows_of",
    "rendered_sections",
    "text_history",
    "text_view",
]

Revision = TypeVar("Revision", TextRevisionModel, AnswerRevisionModel)
"""A text's revision or an answer's metadata revision: both are reviewed alike."""


@dataclass(frozen=True, kw_only=True)
class RenderedSection:
    """A section as a reader's page shows it."""

    id: str
    title: str
    html: Markup


@dataclass(frozen=True, kw_only=True)
class AlignedSection:
    """One section of a text beside the same section of its source (either may be missing)."""

    id: str
    text: RenderedSection | None
    source: RenderedSection | None


@dataclass(frozen=True, kw_only=True)
class DiffLine:
    """One line of a diff between two revisions' Markdown."""

    kind: Literal["added", "removed", "context", "gap"]
    text: str


@dataclass(frozen=True, kw_only=True)
class FindingAtLine:
    """A finding with the line of the text it is about."""

    problem: Problem
    line_text: str | None


def rendered_sections(markdown: str, shown: str) -> list[RenderedSection]:
    """Every section of a text, rendered (a text that does not split into sections shows none)."""
    sections, _ = split_sections(markdown, shown)
    return [
        RenderedSection(id=section.id, title=section.title, html=Markup(render(section.body)[0]))  # noqa: S704 - sanitized by render
        for section in sections
    ]


def aligned_sections(
    order: Sequence[str], text: list[RenderedSection], source: list[RenderedSection]
) -> list[AlignedSection]:
    """Sections in the answer's order, each beside its source's.

    The key points, the listed sections, the disclaimer, then any others.
    """
    by_id = {section.id: section for section in text}
    source_by_id = {section.id: section for section in source}
    ids = list(dict.fromkeys([KEY_POINTS_SECTION, *order, DISCLAIMER_SECTION, *by_id, *source_by_id]))
    return [
        AlignedSection(id=section, text=by_id.get(section), source=source_by_id.get(section))
        for section in ids
        if section in by_id or section in source_by_id
    ]


def diff_lines(before: str, after: str, context: int = 2) -> list[DiffLine]:
    """What changed from `before` to `after`, line by line, with a little context around each change."""
    lines: list[DiffLine] = []
    for group in difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines()).get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine(kind="gap", text="…"))
        for tag, first_start, first_end, second_start, second_end in group:
            if tag == "equal":
                lines.extend(DiffLine(kind="context", text=line) for line in before.splitlines()[first_start:first_end])
                continue
            lines.extend(DiffLine(kind="removed", text=line) for line in before.splitlines()[first_start:first_end])
            lines.extend(DiffLine(kind="added", text=line) for line in after.splitlines()[second_start:second_end])
    return lines


def findings_of(findings: AnswerFindings, slug: str, locale: str, audience: Audience) -> list[Problem]:
    """The findings about one text of the answer (errors first)."""
    shown = shown_file(slug, locale, audience.value)
    about = [problem for problem in findings.problems if problem.file == shown]
    return sorted(about, key=lambda problem: (problem.severity.value != "error", problem.line))


def findings_at_lines(problems: list[Problem], markdown: str) -> list[FindingAtLine]:
    """Each finding with the line of `markdown` it points at."""
    lines = markdown.splitlines()
    return [
        FindingAtLine(problem=problem, line_text=lines[problem.line - 1] if 0 < problem.line <= len(lines) else None)
        for problem in problems
    ]


def reading_rows_of(findings: AnswerFindings, locale: str, audience: Audience) -> list[ReadingRow]:
    """The reading level of each section of one text, against its target."""
    return [row for row in findings.rows if (row.locale, row.audience) == (locale, audience)]


def text_history(entries: list[HistoryEntry], locale: str, audience: Audience) -> list[HistoryEntry]:
    """The audit entries about one text, newest first."""
    return [entry for entry in reversed(entries) if (entry.locale, entry.audience) == (locale, audience.value)]


def compared_with(revisions: Sequence[Revision], number: int) -> tuple[Revision | None, bool]:
    """What revision `number` is reviewed against, and whether that one was approved.

    The newest approved revision before it; when none ever was, the revision just before it (an import
    is a revision too), so that a reviewer always sees what the newest change did.
    """
    approved = _approved_before(revisions, number)
    if approved is not None:
        return approved, True
    return next((revision for revision in reversed(revisions) if revision.number < number), None), False


def _approved_before(revisions: Sequence[Revision], number: int) -> Revision | None:
    """The newest approved revision older than revision `number` (of a text, or of an answer's metadata)."""
    return next(
        (
            revision
            for revision in reversed(revisions)
            if revision.status == ReviewState.APPROVED and revision.number < number
        ),
        None,
    )


def _question(question: Mapping[str, str], locale: str, slug: str) -> str:
    """The answer's question in the page's language, else in its language chain's, else any."""
    return question.get(locale) or question.get(language_of(locale)) or next(iter(question.values()), slug)


async def text_view(
    session: AsyncSession,
    *,
    slug: str,
    locale: str,
    audience: Audience,
    editor: UserModel,
    page_locale: str,
    gate: Gate,
) -> dict[str, object]:
    """Everything the page of one text shows (its template's context), or a 404."""
    (latest,) = await inspect_answers(session, [slug], gate=gate)
    revisions = await text_revisions(session, latest.answer.id, locale, audience.value)
    if not revisions:
        raise UnknownAnswer(f"{slug}/{locale}/{audience.value}")
    current = revisions[-1]
    source_key = source_of(locale, audience.value)
    source_revisions = await text_revisions(session, latest.answer.id, *source_key) if source_key else []
    # The source as this revision was written against it (the newest, for texts written before that was kept).
    source_revision = next(
        (revision for revision in source_revisions if revision.number == current.source_revision),
        source_revisions[-1] if source_revisions else None,
    )
    approved = await approved_numbers(session, latest.answer.id)
    stale = is_stale((latest.answer.id, locale, audience.value), current.source_revision, approved)
    previous, previous_approved = compared_with(revisions, current.number)
    wrote_it = current.author_id == editor.id
    shown = shown_file(slug, locale, audience.value)
    metadata = latest.built.metadata if latest.built is not None else None
    states = (locale, audience) == (DEFAULT_LOCALE, Audience.CLINICIAN)
    claims = [
        (claim, claim.carried.get(f"{locale}/{audience}")) for claim in (await answer_claims(session, slug)).claims
    ]
    return {
        "slug": slug,
        "question": _question(metadata.question if metadata else {}, page_locale, slug),
        "text_locale": locale,
        "text_audience": audience,
        "current": current,
        "author": await session.get(UserModel, current.author_id) if current.author_id is not None else None,
        "stale": stale,
        "newer_source": approved.get((latest.answer.id, *source_key)) if source_key and stale else None,
        "source_key": source_key,
        "source_revision": source_revision,
        "sections": aligned_sections(
            metadata.sections if metadata else (),
            rendered_sections(current.markdown, shown),
            rendered_sections(source_revision.markdown, shown) if source_revision is not None else [],
        ),
        # The claims this text states (the English clinician text) or has to carry, and how it does.
        "claims": [(claim, carrying) for claim, carrying in claims if states or carrying is not None],
        "states": states,
        "kinds": CLAIM_KIND_LABELS,
        "parity": PARITY_LABELS,
        "previous": previous,
        "previous_approved": previous_approved,
        "diff": diff_lines(previous.markdown, current.markdown) if previous is not None else None,
        "findings": findings_at_lines(findings_of(latest.findings, slug, locale, audience), current.markdown),
        "rows": reading_rows_of(latest.findings, locale, audience),
        "history": text_history(await history(session, slug), locale, audience),
        "decisions": (
            allowed_decisions(current.status, stale=stale, wrote_it=wrote_it) if editor.role in REVIEWERS else []
        ),
        "wrote_it": wrote_it,
        "may_review": editor.role in REVIEWERS,
        "may_write": editor.role in WRITERS,
    }


async def metadata_view(session: AsyncSession, *, slug: str, editor: UserModel, page_locale: str) -> dict[str, object]:
    """Everything the page of an answer's metadata shows (its template's context), or a 404.

    The metadata is reviewed like a text: its newest revision, the diff against the last approved one
    (the question, related questions, citations and board, as `answer.toml`), decisions and history.
    """
    answer = await answer_by_slug(session, slug)
    revisions = await metadata_revisions(session, answer.id)
    current = revisions[-1]
    previous, previous_approved = compared_with(revisions, current.number)
    wrote_it = current.author_id == editor.id
    question = stored_metadata(current.metadata_toml, slug).question
    return {
        "slug": slug,
        "question": _question(question, page_locale, slug),
        "current": current,
        "author": await session.get(UserModel, current.author_id) if current.author_id is not None else None,
        "previous": previous,
        "previous_approved": previous_approved,
        "diff": diff_lines(previous.metadata_toml, current.metadata_toml) if previous is not None else None,
        "history": [entry for entry in reversed(await history(session, slug)) if entry.locale is None],
        "decisions": (
            allowed_decisions(current.status, stale=False, wrote_it=wrote_it) if editor.role in REVIEWERS else []
        ),
        "wrote_it": wrote_it,
        "may_review": editor.role in REVIEWERS,
    }
