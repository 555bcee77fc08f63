"""What `tailor check` prints: a reading-level table and the findings, as text or as JSON."""

from __future__ import annotations

import msgspec

from service.content.problems import Problem, Severity
from service.content.rules import ReadingRow
from service.english import counted
from service.structs import Record

__all__ = ["CheckReport", "build_report", "render_json", "render_text"]

_COLUMNS = ("answer", "section", "audience", "locale", "words", "reading level", "target", "verdict")


class CheckReport(Record):
    """Everything one check found; `ok` is what the exit status reports."""

    ok: bool
    errors: int
    warnings: int
    variants: tuple[ReadingRow, ...]
    problems: tuple[Problem, ...]


def build_report(rows: list[ReadingRow], problems: list[Problem]) -> CheckReport:
    """Count errors and warnings; findings sorted by file and line."""
    ordered = tuple(sorted(problems, key=lambda problem: (problem.file, problem.line, problem.rule)))
    errors = sum(problem.severity is Severity.ERROR for problem in ordered)
    return CheckReport(
        ok=errors == 0, errors=errors, warnings=len(ordered) - errors, variants=tuple(rows), problems=ordered
    )


def render_json(report: CheckReport) -> str:
    """The report as one JSON document."""
    return msgspec.json.format(msgspec.json.encode(report).decode(), indent=2)


def render_text(report: CheckReport) -> str:
    """A table with one row per section text, then one line per finding, then a summary."""
    cells = [
        (
            row.answer,
            row.section,
            row.audience.value,
            row.locale,
            str(row.words),
            "—" if row.reading_level is None or row.formula is None else _level(row),
            row.target or "—",
            row.verdict,
        )
        for row in report.variants
    ]
    widths = [max([len(column), *(len(cell[index]) for cell in cells)]) for index, column in enumerate(_COLUMNS)]
    numeric = {4}
    lines = [
        "  ".join(column.ljust(width) for column, width in zip(_COLUMNS, widths, strict=True)).rstrip(),
        "  ".join("-" * width for width in widths),
    ]
    for cell in cells:
        lines.append(
            "  ".join(
                value.rjust(width) if index in numeric else value.ljust(width)
                for index, (value, width) in enumerate(zip(cell, widths, strict=True))
            ).rstrip()
        )
    if report.problems:
        lines.append("")
        lines.extend(str(problem) for problem in report.problems)
    lines.append("")
    verdict = "ok" if report.ok else "FAILED"
    counts = ", ".join(
        (
            counted(len(report.variants), "section text", "section texts"),
            counted(report.errors, "error", "errors"),
            counted(report.warnings, "warning", "warnings"),
        )
    )
    lines.append(f"{verdict}: {counts}")
    return "\n".join(lines)


def _level(row: ReadingRow) -> str:
    shown = f"{row.reading_level:.1f} ({_short(row)})"
    return shown if row.smog is None else f"{shown}, SMOG {row.smog:.1f}"


def _short(row: ReadingRow) -> str:
    return "FK grade" if row.formula is not None and not row.formula.higher_is_easier else "INFLESZ"
