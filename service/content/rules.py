"""The rules about what texts say: figures and citations come from the clinician text, each audience can read its own.

Figures and citations must come from the clinician text of the same section; related questions
that another answer answers should link to it.

`check_answer` applies the per-answer rules (a pure function of the answer's texts and the targets,
which `service.content.rule_cache` relies on) and returns the findings, plus one `ReadingRow` per
section text for the report that `tailor check` prints; `related_question_problems` looks
across answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.content.citation_refs import citations_by_line
from service.content.claim_rules import check_claims
from service.content.claims import without_markers
from service.content.key_points import key_points_problems
from service.content.locale_tags import language_of
from service.content.model import DEFAULT_LOCALE, Answer, Audience, SectionText, Variant
from service.content.plain_text import plain_text, word_count
from service.content.problems import Problem, Rule, Severity
from service.content.quantities import Figure, figures_by_line
from service.content.readability import Formula, measure
from service.content.targets import DEFAULT_TARGETS, ReadingTargets, describe_target, meets_target
from service.structs import Record

__all__ = ["ReadingRow", "Verdict", "check_answer", "related_question_problems"]

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
    smog: float | None
    """SMOG grade beside an English text's Flesch-Kincaid one (never a target); None in other languages."""
    target: str | None
    verdict: str
    passed: bool


def check_answer(answer: Answer, targets: ReadingTargets = DEFAULT_TARGETS) -> tuple[list[Problem], list[ReadingRow]]:
    """Findings and report rows for one answer's texts: a pure function of its texts and the targets."""
    problems: list[Problem] = [
        *_numbers_in_questions_not_in_clinician(answer),
        *_audience_questions_over_target(answer, targets),
        *check_claims(answer),
    ]
    rows: list[ReadingRow] = []
    for variant in _variants_in_order(answer):
        problems.extend(_numbers_not_in_clinician(answer, variant))
        problems.extend(_citations_not_in_clinician(answer, variant))
        problems.extend(key_points_problems(variant))
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


def _clinician_source(answer: Answer, variant: Variant) -> Variant | None:
    """The clinician text a nurse or family text is written from: same locale, else the default locale's."""
    return answer.variant(variant.locale, Audience.CLINICIAN) or answer.variant(DEFAULT_LOCALE, Audience.CLINICIAN)


def _numbers_not_in_clinician(answer: Answer, variant: Variant) -> list[Problem]:
    """Figures in a nurse or family section that the clinician text of the same section does not state."""
    if variant.audience not in _SIMPLIFIED_AUDIENCES:
        return []
    clinician = _clinician_source(answer, variant)
    stated = {
        section_id: list(figures_by_line(without_markers(section.body)))
        for section_id, section in (clinician.sections.items() if clinician is not None else ())
    }
    problems: list[Problem] = []
    for section in variant.sections.values():
        own = [figure for _, figure in stated.get(section.id, [])]
        for line_index, figure in figures_by_line(without_markers(section.body)):
            if any(figure.same_as(source) for source in own):
                continue
            problems.append(
                Problem(
                    file=variant.file,
                    line=section.body_line + line_index,
                    rule=Rule.NUMBER_NOT_IN_CLINICIAN,
                    message=_figure_message(figure, section.id, clinician, stated),
                )
            )
    return problems


def _numbers_in_questions_not_in_clinician(answer: Answer) -> Iterable[Problem]:
    """Figures in the answer's question that the clinician text of that language (else English) does not state.

    The question is medical text readers see on every page: like a nurse or family text, it may only use
    the figures the clinician text gives. Related questions are other answers' questions (their figures
    are those answers' to state), so they are not held to this answer's clinician text.
    """
    for name, locale, text in _questions(answer):
        clinician = answer.variant(locale, Audience.CLINICIAN) or answer.variant(DEFAULT_LOCALE, Audience.CLINICIAN)
        stated = [
            figure
            for section in (clinician.sections.values() if clinician is not None else ())
            for _, figure in figures_by_line(without_markers(section.body))
        ]
        for _, figure in figures_by_line(text):
            if not any(figure.same_as(source) for source in stated):
                yield Problem(
                    file=answer.metadata_file,
                    line=1,
                    rule=Rule.NUMBER_NOT_IN_CLINICIAN,
                    message=f"`{figure.text}` ({figure.key}) in {name}.{locale} is in no section of the clinician "
                    "text: the question may only use figures the clinician text states",
                )


def _questions(answer: Answer) -> Iterable[tuple[str, str, str]]:
    """Every question the answer's readers see: (where it is written, locale, text)."""
    for locale, text in answer.metadata.question.items():
        yield "question", locale, text
    for audience, asked in answer.metadata.questions.items():
        for locale, text in asked.items():
            yield f"questions.{audience.value}", locale, text


def _audience_questions_over_target(answer: Answer, targets: ReadingTargets) -> Iterable[Problem]:
    """A nurse or family question harder than its audience's reading target: it is read before any text."""
    for audience, asked in answer.metadata.questions.items():
        for locale, text in asked.items():
            level = measure(text, locale)
            language_targets = targets.get(language_of(locale))
            limit = language_targets.for_audience(audience) if language_targets is not None else None
            if level is None or limit is None or meets_target(level, limit):
                continue
            yield Problem(
                file=answer.metadata_file,
                line=1,
                rule=Rule.READING_LEVEL,
                message=f"questions.{audience.value}.{locale} reads at {level.formula} {level.score:g}; the target "
                f"is {describe_target(level.formula, limit)}: a shorter question in everyday words",
            )


def _figure_message(
    figure: Figure, section_id: str, clinician: Variant | None, stated: dict[str, list[tuple[int, Figure]]]
) -> str:
    if clinician is None:
        return f"`{figure.text}` ({figure.key}) in section `{section_id}`: there is no clinician text to take it from"
    message = (
        f"`{figure.text}` ({figure.key}) in section `{section_id}` is not in section `{section_id}` of "
        f"{clinician.file}: nurse and family texts may only use figures the clinician text of the same section states"
    )
    elsewhere = [
        f"`{other_id}` ({clinician.file}:{clinician.sections[other_id].body_line + line_index})"
        for other_id, found in stated.items()
        if other_id != section_id
        for line_index, source in found
        if figure.same_as(source)
    ]
    if elsewhere:
        message += f"; the clinician text states it in section {', '.join(dict.fromkeys(elsewhere))}"
    return message


def _citations_not_in_clinician(answer: Answer, variant: Variant) -> list[Problem]:
    """Sources a nurse or family section cites that the clinician text of the same section does not."""
    if variant.audience not in _SIMPLIFIED_AUDIENCES:
        return []
    clinician = _clinician_source(answer, variant)
    defined = {citation.number for citation in answer.metadata.citations}
    problems: list[Problem] = []
    for section in variant.sections.values():
        source = clinician.sections.get(section.id) if clinician is not None else None
        cited = {number for _, number in citations_by_line(source.body)} if source is not None else set()
        for line_index, number in citations_by_line(section.body):
            if number in cited or number not in defined:  # an undefined number has its own finding
                continue
            listed = ", ".join(f"[{known}]" for known in sorted(cited)) or "none"
            where = clinician.file if clinician is not None else "the clinician text"
            message = (
                f"section `{section.id}` cites [{number}], which section `{section.id}` of {where} does not cite "
                f"(it cites: {listed}): a nurse or family section may cite only what its clinician section cites"
            )
            problems.append(
                Problem(
                    file=variant.file,
                    line=section.body_line + line_index,
                    rule=Rule.CITATION_NOT_IN_CLINICIAN,
                    message=message,
                )
            )
    return problems


_PUNCTUATION = re.compile(r"[^\w\s]|_")


def _comparable(question: str) -> str:
    """A question as compared with others: case, punctuation and spacing ignored."""
    return " ".join(_PUNCTUATION.sub(" ", question).casefold().split())


def related_question_problems(answers: Iterable[Answer]) -> dict[str, list[Problem]]:
    """Warnings, by slug, for related entries written as a question: readers see related answers only, as links.

    One that another answer already asks should link it; any other is not shown until it can.
    """
    listed = list(answers)
    answered = {
        (locale, _comparable(text)): answer.slug
        for answer in listed
        for locale, text in answer.metadata.question.items()
    }
    found: dict[str, list[Problem]] = {}
    for answer in listed:
        for index, related in enumerate(answer.metadata.related):
            if related.slug is not None:
                continue
            # The first of its texts that another answer asks, else its first text.
            text, target = next(iter(related.question.values()), ""), None
            for locale, asked in related.question.items():
                if answered.get((locale, _comparable(asked))) not in (None, answer.slug):
                    text, target = asked, answered[locale, _comparable(asked)]
                    break
            if target is None:
                rule = Rule.RELATED_WITHOUT_ANSWER
                message = (
                    f"related question “{text}” is not shown: readers get related questions only as links to "
                    "answers, so link it by `slug` once it has one"
                )
            else:
                rule = Rule.RELATED_SHOULD_LINK
                message = (
                    f"related question “{text}” is the question of answer `{target}`: "
                    f'link to it with `slug = "{target}"` instead of `question`'
                )
            line = answer.related_lines[index] if index < len(answer.related_lines) else 1
            found.setdefault(answer.slug, []).append(
                Problem(file=answer.metadata_file, line=line, rule=rule, message=message, severity=Severity.WARNING)
            )
    return found


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
        smog=level.smog if level is not None else None,
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
