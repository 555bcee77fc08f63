"""What is wrong with an answer's structure as a whole: completeness, citation numbers, the metadata's own rules.

Each check takes the answer's metadata and its texts (split into sections) and returns findings at the
line of `answer.toml` or of the text that has to change. What the texts say is `service.content.rules`'.
"""

from __future__ import annotations

from collections.abc import Iterable

from service.content.citation_refs import citations_by_line
from service.content.locale_tags import canonical_tag
from service.content.metadata import PathPart, line_of
from service.content.model import (
    DEFAULT_LOCALE,
    DISCLAIMER_SECTION,
    RESERVED_SECTIONS,
    AnswerMetadata,
    Audience,
    Variant,
)
from service.content.problems import Problem, Rule, Severity

__all__ = ["citation_problems", "completeness_problems", "metadata_problems"]


def _locale_line(text: str, locale: str) -> int:
    """The line of answer.toml that declares `locale` (its question), else the `[question]` table's."""
    return line_of(text, ["question", locale])


def completeness_problems(
    metadata: AnswerMetadata, shown: str, text: str, variants: dict[tuple[str, Audience], Variant]
) -> list[Problem]:
    """Every section for every audience in the default locale (errors); other locales may fall back (warnings).

    A missing text is reported where the locale is declared, naming the file that is missing.
    """
    problems: list[Problem] = []
    expected = metadata.sections if metadata.is_glossary else (*metadata.sections, DISCLAIMER_SECTION)
    for audience in Audience:
        if (DEFAULT_LOCALE, audience) not in variants:
            message = (
                f"`{DEFAULT_LOCALE}/{audience}.md` is missing: every audience needs a text "
                f"in the default locale `{DEFAULT_LOCALE}`"
            )
            problems.append(
                Problem(file=shown, line=_locale_line(text, DEFAULT_LOCALE), rule=Rule.MISSING_VARIANT, message=message)
            )
    for locale in sorted({locale for locale, _ in variants} - {DEFAULT_LOCALE}):
        for audience in Audience:
            if (locale, audience) not in variants:
                message = f"`{locale}/{audience}.md` is missing: readers will get it through the fallback chain"
                problems.append(
                    Problem(
                        file=shown,
                        line=_locale_line(text, locale),
                        rule=Rule.LOCALE_INCOMPLETE,
                        message=message,
                        severity=Severity.WARNING,
                    )
                )
    for (locale, _), variant in variants.items():
        missing = [section_id for section_id in expected if section_id not in variant.sections]
        if not missing:
            continue
        listed = ", ".join(f"`{section_id}`" for section_id in missing)
        if locale == DEFAULT_LOCALE:
            message = f"missing section(s) {listed}: the default locale needs every section for every audience"
            problems.append(Problem(file=variant.file, line=1, rule=Rule.MISSING_SECTION, message=message))
        else:
            message = f"missing section(s) {listed}: readers will get them through the fallback chain"
            problems.append(
                Problem(
                    file=variant.file, line=1, rule=Rule.LOCALE_INCOMPLETE, message=message, severity=Severity.WARNING
                )
            )
    for locale in sorted({locale for locale, _ in variants} - set(metadata.question) - {DEFAULT_LOCALE}):
        message = f"no question in `{locale}` although texts exist in it: the `{DEFAULT_LOCALE}` one will be shown"
        problems.append(
            Problem(
                file=shown,
                line=line_of(text, ["question"]),
                rule=Rule.LOCALE_INCOMPLETE,
                message=message,
                severity=Severity.WARNING,
            )
        )
    return problems


def citation_problems(
    metadata: AnswerMetadata, shown: str, text: str, variants: dict[tuple[str, Audience], Variant]
) -> list[Problem]:
    """Every number cited is defined in answer.toml, and every one defined is cited somewhere."""
    problems: list[Problem] = []
    defined = {citation.number for citation in metadata.citations}
    used: set[int] = set()
    for variant in variants.values():
        for section in variant.sections.values():
            for line_index, number in citations_by_line(section.body):
                used.add(number)
                if number not in defined:
                    listed = ", ".join(str(number) for number in sorted(defined)) or "none"
                    message = f"citation [{number}] is not defined in answer.toml (defined: {listed})"
                    line = section.body_line + line_index
                    problems.append(
                        Problem(file=variant.file, line=line, rule=Rule.UNDEFINED_CITATION, message=message)
                    )
    for index, citation in enumerate(metadata.citations):
        if citation.number not in used:
            message = f"citation {citation.number} is defined but no text cites it"
            problems.append(
                Problem(
                    file=shown, line=line_of(text, ["citations", index]), rule=Rule.UNUSED_CITATION, message=message
                )
            )
    return problems


def metadata_problems(metadata: AnswerMetadata, shown: str, text: str, slugs: frozenset[str]) -> list[Problem]:
    """What msgspec's types cannot say: a question in the default locale, no repeats, related answers exist."""
    problems: list[Problem] = []
    if DEFAULT_LOCALE not in metadata.question:
        message = f"the question needs a text in the default locale `{DEFAULT_LOCALE}`"
        problems.append(
            Problem(file=shown, line=line_of(text, ["question"]), rule=Rule.MISSING_QUESTION, message=message)
        )
    for locale in metadata.question:
        if canonical_tag(locale) != locale:
            message = f"`{locale}` is not a locale tag such as `en`, `es` or `es-MX`"
            problems.append(
                Problem(file=shown, line=line_of(text, ["question", locale]), rule=Rule.METADATA, message=message)
            )
    for audience, asked in metadata.questions.items():
        where: list[PathPart] = ["questions", audience.value]
        if audience is Audience.CLINICIAN:
            message = "the clinician question is `question`: `questions` holds the nurse and family ones"
            problems.append(Problem(file=shown, line=line_of(text, where), rule=Rule.METADATA, message=message))
        for locale in asked:
            if canonical_tag(locale) != locale:
                message = f"`{locale}` is not a locale tag such as `en`, `es` or `es-MX`"
                problems.append(
                    Problem(file=shown, line=line_of(text, [*where, locale]), rule=Rule.METADATA, message=message)
                )
    problems.extend(_repeats(metadata, shown, text))
    problems.extend(_term_problems(metadata, shown, text))
    problems.extend(_board_problems(metadata, shown, text))
    for index, related in enumerate(metadata.related):
        if related.slug is not None and related.slug not in slugs:
            message = f"related answer `{related.slug}` does not exist; name it by `question` until it is written"
            problems.append(
                Problem(
                    file=shown,
                    line=line_of(text, ["related", index, "slug"]),
                    rule=Rule.UNKNOWN_RELATED,
                    message=message,
                )
            )
    return problems


def _term_problems(metadata: AnswerMetadata, shown: str, text: str) -> Iterable[Problem]:
    """A glossary's words name terms it defines, in locale tags; an answer has no terms of its own."""
    if metadata.terms and not metadata.is_glossary:
        message = 'only a glossary (`kind = "glossary"`) has `terms`: an answer links to the glossary\'s'
        yield Problem(file=shown, line=line_of(text, ["terms"]), rule=Rule.METADATA, message=message)
        return
    for term, words in metadata.terms.items():
        if term not in metadata.sections:
            message = f"term `{term}` is not in `sections`: list it there and define it in each text"
            yield Problem(file=shown, line=line_of(text, ["terms", term]), rule=Rule.METADATA, message=message)
        for locale in words:
            if canonical_tag(locale) != locale:
                message = f"`{locale}` is not a locale tag such as `en`, `es` or `es-MX`"
                line = line_of(text, ["terms", term, locale])
                yield Problem(file=shown, line=line, rule=Rule.METADATA, message=message)


def _board_problems(metadata: AnswerMetadata, shown: str, text: str) -> Iterable[Problem]:
    """A board named per locale names it in the default locale (every chain ends there), in locale tags."""
    board = metadata.review.board
    if not isinstance(board, dict):
        return
    if DEFAULT_LOCALE not in board:
        message = f"the review board, named per locale, needs a name in the default locale `{DEFAULT_LOCALE}`"
        yield Problem(file=shown, line=line_of(text, ["review", "board"]), rule=Rule.METADATA, message=message)
    for locale in board:
        if canonical_tag(locale) != locale:
            message = f"`{locale}` is not a locale tag such as `en`, `es` or `es-MX`"
            yield Problem(
                file=shown, line=line_of(text, ["review", "board", locale]), rule=Rule.METADATA, message=message
            )


def _repeats(metadata: AnswerMetadata, shown: str, text: str) -> Iterable[Problem]:
    seen_sections: set[str] = set()
    for index, section_id in enumerate(metadata.sections):
        if section_id in seen_sections or section_id in RESERVED_SECTIONS:
            why = "is listed twice" if section_id in seen_sections else "is reserved and must not be listed"
            yield Problem(
                file=shown,
                line=line_of(text, ["sections", index]),
                rule=Rule.DUPLICATE_SECTION,
                message=f"section `{section_id}` {why} in `sections`",
            )
        seen_sections.add(section_id)
    seen_numbers: set[int] = set()
    for index, citation in enumerate(metadata.citations):
        if citation.number in seen_numbers:
            yield Problem(
                file=shown,
                line=line_of(text, ["citations", index]),
                rule=Rule.DUPLICATE_CITATION,
                message=f"citation number {citation.number} is defined twice",
            )
        seen_numbers.add(citation.number)
