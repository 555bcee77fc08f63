"""The coverage map: for each answer, which sections exist for which audience and locale, and in what state.

One cell per section × audience × locale: the latest revision's text of that section if there is one
(its review status, whether it is stale, its reading level against the target), else where readers
of that choice are served the section from instead. The locales are those the store has texts in.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.content.gate import Gate
from service.content.model import KEY_POINTS_SECTION, Answer, Audience
from service.content.workflow import ReviewState
from service.editorial.inspection import LatestAnswer, inspect_answers
from service.rendition.fallback import FallbackRules, find_section
from service.store.drift import approved_numbers, is_stale
from service.store.models import TextModel
from service.structs import Record

__all__ = ["AnswerCoverage", "CoverageCell", "CoverageColumn", "CoverageRow", "CoverageSummary", "coverage"]


class CoverageColumn(Record):
    """One audience in one locale."""

    locale: str
    audience: Audience


class CoverageCell(Record):
    """One section for one audience in one locale."""

    locale: str
    audience: Audience
    state: Literal["present", "missing"]
    falls_back_to: CoverageColumn | None
    """Where readers of this choice get the section from, when it is missing (None: nowhere)."""
    status: str | None
    """The review status of the text's latest revision (present cells)."""
    revision: int | None
    stale: bool
    reading_level: float | None
    formula: str | None
    smog: float | None
    """The SMOG grade beside an English text's Flesch-Kincaid one."""
    target: str | None
    """The target the level is held to, e.g. `Flesch-Kincaid grade ≤ 8`; None when there is none."""
    meets_target: bool | None
    """None when there is no target or the level could not be measured."""


class CoverageRow(Record):
    """A section of the answer, across every audience and locale."""

    section: str
    title: str
    cells: list[CoverageCell]


class CoverageSummary(Record):
    """The answer's cells, counted."""

    cells: int
    present: int
    approved: int
    stale: int
    too_hard: int
    missing: int


class AnswerCoverage(Record):
    """One answer's table."""

    slug: str
    question: str
    withdrawn: bool
    errors: int
    """Findings that are errors now (rules can tighten after a text was stored); the cells are empty then."""
    columns: list[CoverageColumn]
    questions_written: list[bool]
    """Per column: whether the question is written for that audience in that locale; where it is not, the
    clinician question stands in (a family reading a question written for clinicians)."""
    rows: list[CoverageRow]
    summary: CoverageSummary


def _columns(locales: list[str], default_locale: str) -> list[CoverageColumn]:
    ordered = sorted(locales, key=lambda locale: (locale != default_locale, locale))
    return [CoverageColumn(locale=locale, audience=audience) for locale in ordered for audience in Audience]


def _cell(
    latest: LatestAnswer,
    built: Answer,
    section: str,
    column: CoverageColumn,
    *,
    rules: FallbackRules,
    approved: dict[tuple[int, str, str], int],
) -> CoverageCell:
    variant = built.variant(column.locale, column.audience)
    if variant is None or section not in variant.sections:
        found = find_section(built, section, rules.locales(column.locale), rules.audiences(column.audience))
        fallback = CoverageColumn(locale=found[1].locale, audience=found[1].audience) if found else None
        return CoverageCell(
            locale=column.locale,
            audience=column.audience,
            state="missing",
            falls_back_to=fallback,
            status=None,
            revision=None,
            stale=False,
            reading_level=None,
            formula=None,
            smog=None,
            target=None,
            meets_target=None,
        )
    _, revision = latest.texts[column.locale, column.audience.value]
    row = next(
        (
            row
            for row in latest.findings.rows
            if (row.section, row.locale, row.audience) == (section, column.locale, column.audience)
        ),
        None,
    )
    return CoverageCell(
        locale=column.locale,
        audience=column.audience,
        state="present",
        falls_back_to=None,
        status=revision.status,
        revision=revision.number,
        stale=is_stale((latest.answer.id, column.locale, column.audience.value), revision.source_revision, approved),
        reading_level=row.reading_level if row is not None else None,
        formula=row.formula.value if row is not None and row.formula is not None else None,
        smog=row.smog if row is not None else None,
        target=row.target if row is not None else None,
        meets_target=row.passed if row is not None and row.target is not None else None,
    )


def _answer_coverage(
    latest: LatestAnswer,
    columns: list[CoverageColumn],
    *,
    rules: FallbackRules,
    approved: dict[tuple[int, str, str], int],
) -> AnswerCoverage:
    built = latest.built
    rows = []
    if built is not None:
        for section in built.metadata.page_sections:
            found = find_section(built, section, rules.locales(rules.default_locale), tuple(Audience))
            if found is None and section == KEY_POINTS_SECTION:
                continue  # an answer may have no key points; a listed section it lacks is worth a row
            rows.append(
                CoverageRow(
                    section=section,
                    title=found[0].title if found else section,
                    cells=[_cell(latest, built, section, column, rules=rules, approved=approved) for column in columns],
                )
            )
    cells = [cell for row in rows for cell in row.cells]
    question = built.metadata.question if built is not None else {}
    return AnswerCoverage(
        slug=latest.answer.slug,
        question=question.get(rules.default_locale) or next(iter(question.values()), latest.answer.slug),
        withdrawn=latest.metadata.withdrawn,
        errors=len(latest.findings.errors),
        columns=columns,
        questions_written=[
            built is not None
            and column.locale
            in (
                built.metadata.question
                if column.audience is Audience.CLINICIAN
                else built.metadata.questions.get(column.audience, {})
            )
            for column in columns
        ],
        rows=rows,
        summary=CoverageSummary(
            cells=len(cells),
            present=sum(cell.state == "present" for cell in cells),
            approved=sum(cell.status == ReviewState.APPROVED for cell in cells),
            stale=sum(cell.stale for cell in cells),
            too_hard=sum(cell.meets_target is False for cell in cells),
            missing=sum(cell.state == "missing" for cell in cells),
        ),
    )


async def coverage(
    session: AsyncSession,
    *,
    rules: FallbackRules,
    slugs: list[str] | None = None,
    gate: Gate,
) -> list[AnswerCoverage]:
    """The coverage of the answers called `slugs` (default: every answer), by slug."""
    locales = list((await session.execute(select(TextModel.locale).distinct())).scalars())
    columns = _columns(locales, rules.default_locale)
    approved = await approved_numbers(session)
    answers = await inspect_answers(session, slugs, gate=gate)
    return [_answer_coverage(latest, columns, rules=rules, approved=approved) for latest in answers]
