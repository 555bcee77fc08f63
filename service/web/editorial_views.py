"""What the editorial pages show of a text: its sections beside its source's, the diff, the rules' findings.

Pure assembly from what the store holds; the controller (`service.web.editorial_pages`) fetches and
renders. Sections are rendered exactly as a reader's page renders them.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from service.content.gate import AnswerFindings
from service.content.model import DISCLAIMER_SECTION, Audience
from service.content.problems import Problem
from service.content.rules import ReadingRow
from service.content.variant_file import split_sections
from service.rendition.markdown import render
from service.store.editorial import HistoryEntry
from service.store.inspection import shown_file
from service.store.models import TextRevisionModel

__all__ = [
    "AlignedSection",
    "DiffLine",
    "FindingAtLine",
    "RenderedSection",
    "aligned_sections",
    "approved_before",
    "diff_lines",
    "findings_at_lines",
    "findings_of",
    "reading_rows_of",
    "rendered_sections",
    "text_history",
]


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
    """Sections in the answer's order (then the disclaimer, then any others), each beside its source's."""
    by_id = {section.id: section for section in text}
    source_by_id = {section.id: section for section in source}
    ids = list(dict.fromkeys([*order, DISCLAIMER_SECTION, *by_id, *source_by_id]))
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


def approved_before(revisions: list[TextRevisionModel], number: int) -> TextRevisionModel | None:
    """The newest approved revision older than revision `number`."""
    return next(
        (revision for revision in reversed(revisions) if revision.status == "approved" and revision.number < number),
        None,
    )
