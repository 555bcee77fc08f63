"""Findings about content: each names the file and line, the rule it breaks, and what is wrong."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from service.structs import Record

__all__ = ["Problem", "Rule", "Severity", "in_report_order"]


class Severity(StrEnum):
    """Errors block publication; warnings are reported and let the content through."""

    ERROR = "error"
    WARNING = "warning"


class Rule(StrEnum):
    """Every rule content is checked against. The value is the name printed in reports."""

    TOML_SYNTAX = "toml-syntax"
    METADATA = "metadata"
    SLUG_MISMATCH = "slug-mismatch"
    UNKNOWN_FILE = "unknown-file"
    MARKDOWN_STRUCTURE = "markdown-structure"
    UNKNOWN_SECTION = "unknown-section"
    DUPLICATE_SECTION = "duplicate-section"
    MISSING_SECTION = "missing-section"
    MISSING_VARIANT = "missing-variant"
    MISSING_QUESTION = "missing-question"
    DUPLICATE_CITATION = "duplicate-citation"
    UNDEFINED_CITATION = "undefined-citation"
    UNUSED_CITATION = "unused-citation"
    UNKNOWN_RELATED = "unknown-related"
    NUMBER_NOT_IN_CLINICIAN = "number-not-in-clinician"
    CITATION_NOT_IN_CLINICIAN = "citation-not-in-clinician"
    RELATED_SHOULD_LINK = "related-should-link"
    RELATED_WITHOUT_ANSWER = "related-without-answer"
    """A related entry written as a question: readers are shown related answers only, as links."""
    READING_LEVEL = "reading-level"
    LOCALE_INCOMPLETE = "locale-incomplete"
    READING_LEVEL_UNMEASURED = "reading-level-unmeasured"
    CLAIM = "claim"
    """A claim marker that does not read, a claim without a kind or a source, an id no claim has."""
    CLAIM_NOT_CARRIED = "claim-not-carried"
    FIGURE_NOT_IN_CLAIM = "figure-not-in-claim"
    CLAIMS_NOT_MARKED = "claims-not-marked"
    KEY_POINTS = "key-points"
    """Key points that are not one list of three to five points opening their text."""


class Problem(Record):
    """One finding, printed as `file:line: rule: message`."""

    file: str
    line: int
    rule: Rule
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        """The one-line form editors and CI logs link to."""
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        return f"{self.file}:{self.line}: {prefix}{self.rule}: {self.message}"


def in_report_order(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Findings as every report lists them: by file, then line, then rule."""
    return tuple(sorted(problems, key=lambda problem: (problem.file, problem.line, problem.rule)))
