"""The rules about what texts say: figures come from the clinician text, and each audience can read its own.

`check_catalog` applies them to a loaded catalog and returns the findings, plus one `ReadingRow` per
section text for the report that `tailor check` prints.
"""

from __future__ import annotations

from service.content.catalog import Catalog
from service.content.model import DEFAULT_LOCALE, Answer, Audience, SectionText, Variant
from service.content.plain_text import plain_text, word_count
from service.content.problems import Problem, Rule, Severity
from service.content.quantities import quantities, quantities_by_line
from service.content.readability import Formula, language_of, measure
from service.content.targets import DEFAULT_TARGETS, ReadingTargets, describe_target, meets_target
from service.structs import Record

_SIMPLIFIED_AUDIENCES = (Audience.NURSE, Audience.FAMILY)


class Verdict(Record):
    """How a text did against its target."""

    label: str
    passed: bool


PASS = Verdict(label="ok", passed=True)
TOO_HARD = Verdict(label="too hard", passed=False)
UNCONSTRAINED = Verdict(label="no target", passed=True)
UNMEASURED = Verdict(label="not measured", passed=True)


class ReadingRow(Record):
    """One section text's line in the check report."""

    answer: str
    section: str
    audience: Audience
    locale: str
    words: int
    formula: Formula | None
    reading_level: float | None
    target: str | None
    verdict: str
    passed: bool


def check_catalog(
    catalog: Catalog, targets: ReadingTargets = DEFAULT_TARGETS
) -> tuple[list[Problem], list[ReadingRow]]:
    """Findings and report rows for every answer, variant and section, in catalog order."""
    problems: list[Problem] = []
    rows: list[ReadingRow] = []
    for answer in catalog.answers.values():
        for variant in _variants_in_order(answer):
            problems.extend(_numbers_not_in_clinician(answer, variant))
            for section in variant.sections.values():
                row, problem = _reading_row(answer, variant, section, targets)
                rows.append(row)
                if problem is not None:
                    problems.append(problem)
            if language_of(variant.locale) not in targets:
                message = f"no readability formula or target for `{variant.locale}`: reading level not checked"
                problems.append(
                    Problem(
                        file=variant.file,
                        line=1,
                        rule=Rule.READING_LEVEL_UNMEASURED,
                        message=message,
                        severity=Severity.WARNING,
                    )
                )
    return problems, rows


def _variants_in_order(answer: Answer) -> list[Variant]:
    audience_order = list(Audience)
    return [
        answer.variants[key]
        for key in sorted(answer.variants, key=lambda key: (answer.locales.index(key[0]), audience_order.index(key[1])))
    ]


def _numbers_not_in_clinician(answer: Answer, variant: Variant) -> list[Problem]:
    """Quantities in a nurse or family text that the clinician text of the same section does not state."""
    if variant.audience not in _SIMPLIFIED_AUDIENCES:
        return []
    clinician = answer.variant(variant.locale, Audience.CLINICIAN) or answer.variant(DEFAULT_LOCALE, Audience.CLINICIAN)
    problems: list[Problem] = []
    for section in variant.sections.values():
        source = clinician.sections.get(section.id) if clinician is not None else None
        stated = {quantity for _, quantity in quantities(source.body)} if source is not None else set()
        for line_index, matched, quantity in quantities_by_line(section.body):
            if quantity not in stated:
                where = f"{source.location.file}" if source is not None else "the clinician text (missing)"
                message = (
                    f"`{matched}` ({quantity}) in section `{section.id}` does not appear in {where}: "
                    "nurse and family texts may only use figures the clinician text states"
                )
                problems.append(
                    Problem(
                        file=variant.file,
                        line=section.body_line + line_index,
                        rule=Rule.NUMBER_NOT_IN_CLINICIAN,
                        message=message,
                    )
                )
    return problems


def _reading_row(
    answer: Answer, variant: Variant, section: SectionText, targets: ReadingTargets
) -> tuple[ReadingRow, Problem | None]:
    text = plain_text(section.body)
    level = measure(text, variant.locale)
    language_targets = targets.get(language_of(variant.locale))
    limit = language_targets.for_audience(variant.audience) if language_targets is not None else None
    if level is None:
        verdict = UNMEASURED
    elif limit is None:
        verdict = UNCONSTRAINED
    else:
        verdict = PASS if meets_target(level, limit) else TOO_HARD
    target = describe_target(level.formula, limit) if level is not None and limit is not None else None
    row = ReadingRow(
        answer=answer.slug,
        section=section.id,
        audience=variant.audience,
        locale=variant.locale,
        words=word_count(text),
        formula=level.formula if level is not None else None,
        reading_level=level.score if level is not None else None,
        target=target,
        verdict=verdict.label,
        passed=verdict.passed,
    )
    if verdict.passed or level is None:
        return row, None
    message = (
        f"{variant.audience} text of section `{section.id}` reads at {level.formula} {level.score:g}; "
        f"the target is {target}: shorter sentences and shorter words"
    )
    return row, Problem(file=variant.file, line=section.location.line, rule=Rule.READING_LEVEL, message=message)
