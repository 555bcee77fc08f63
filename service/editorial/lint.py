"""Plain-language findings on a nurse or family text, section by section: warnings that help, never block.

Each section of the Markdown gets its reading level (against its audience's target), its word and
sentence counts, and findings at their exact line and column:

- `hard-word`: a word rare in everyday language (word frequency from `wordfreq`, per audience) or, in a
  family text, listed in the lay-term lexicon, that the text does not explain in brackets at its first
  use; suggestions come
  from the lexicon (`service/editorial/lexicon/<language>.toml`), never from a network;
- `heading-jargon`: the same in a heading, where nothing explains it;
- `long-sentence`: more words than the audience's limit;
- `passive-voice` (English): "is given", "were seen": say who does it;
- `undefined-acronym`: an acronym whose first use is not spelt out;
- `percent-for-families`: a percentage in a family text, with the "about 6 in 10" it could be.

Messages are msgids (`N_`), formatted by the caller in the editor's language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import msgspec
import wordfreq

from service.content.citation_refs import CITATION_REF
from service.content.claims import MARKER
from service.content.locale_tags import language_of
from service.content.model import Audience
from service.content.plain_text import plain_text, word_count
from service.content.readability import ReadingLevel, measure
from service.content.targets import DEFAULT_TARGETS, ReadingTargets, describe_target, meets_target
from service.content.variant_file import split_sections
from service.i18n.labels import N_
from service.structs import FileRecord, Record

__all__ = ["SHIPPED_LEXICON", "Lexicon", "LintFinding", "LintRule", "SectionLint", "lexicon", "lint"]

LEXICON_DIR = Path(__file__).parent / "lexicon"
RARE_BELOW: dict[str, dict[Audience, float]] = {
    "en": {Audience.FAMILY: 3.0, Audience.NURSE: 2.3},
    # Lower: Spanish spreads a verb over many written forms, each rarer than the English one.
    "es": {Audience.FAMILY: 2.0, Audience.NURSE: 1.5},
}
"""Zipf frequency (log10 of uses per billion words) under which a word is rare for the audience."""
_SPANISH_CLITIC = re.compile(
    r"(?:[áéíóú]\w*(?:lo|la|los|las|le|les|se|nos|me|te)|r(?:lo|la|los|las|le|les|se|nos|me|te))$"
)
"""A Spanish verb with its pronouns attached ("manténgala", "aliviarlo"): rarer in print than in speech."""
LONGEST_SENTENCE: dict[Audience, int] = {Audience.FAMILY: 20, Audience.NURSE: 25}
"""Words a sentence may have before it is too long for the audience."""
KNOWN_ACRONYMS: dict[Audience, frozenset[str]] = {
    Audience.FAMILY: frozenset({"OK", "TV", "US", "UK"}),
    Audience.NURSE: frozenset({"IV", "OK", "US", "UK", "ICU", "CNS"}),
}
"""Acronyms the audience reads without their words."""

_WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+\b")
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)(?:\s*[–-]\s*(\d+(?:[.,]\d+)?))?\s?%")
_PASSIVE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being)\s+(?:\w+ed|given|known|seen|done|made|taken|shown|found|kept|held|told|"
    r"written|drawn|put|set)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+|$)")
_HEADING = re.compile(r"^(#{2,6})[ \t]+(.*?)[ \t]*(?:\{#[^}]*\})?[ \t]*$")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_LIST_MARK = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")


class LintRule(StrEnum):
    """What a finding is about."""

    HARD_WORD = "hard-word"
    HEADING_JARGON = "heading-jargon"
    LONG_SENTENCE = "long-sentence"
    PASSIVE_VOICE = "passive-voice"
    UNDEFINED_ACRONYM = "undefined-acronym"
    PERCENT_FOR_FAMILIES = "percent-for-families"


class LintFinding(Record):
    """One finding, at its place in the Markdown (lines and columns from 1)."""

    section: str
    line: int
    column: int
    length: int
    rule: LintRule
    severity: str
    message: str
    suggestions: tuple[str, ...] = ()


class SectionLint(Record):
    """One section: how it reads, against its target, and what could be plainer."""

    section: str
    words: int
    sentences: int
    reading_level: ReadingLevel | None
    target: str | None
    meets_target: bool | None
    findings: tuple[LintFinding, ...]


class LexiconFile(FileRecord):
    """One lexicon file, as `<language>.toml` holds it."""

    terms: dict[str, list[Annotated[str, msgspec.Meta(min_length=1)]]] = {}  # noqa: RUF012 - msgspec copies it
    everyday: list[str] = []  # noqa: RUF012 - msgspec copies it


def _lexicon_file(path: Path) -> LexiconFile:
    """Read a lexicon file, or say which file is wrong and how (a ValueError)."""
    try:
        return msgspec.toml.decode(path.read_bytes(), type=LexiconFile)
    except (msgspec.DecodeError, OSError) as wrong:
        raise ValueError(f"lexicon {path}: {wrong}") from None


class Lexicon:
    """The lay-term lexicons: the shipped one per language, and the publisher's additions over it.

    A file is `<language>.toml`: `[terms]` maps a medical term to everyday words for it, best first;
    `everyday` lists words the publisher's readers know that word frequency calls rare (a product's
    name, a local word). The publisher's directory (`TAILOR_LEXICON`) holds files of the same shape: its
    terms are added to the shipped ones, replacing a shipped term's suggestions, and its everyday words
    are never flagged.
    """

    def __init__(self, publisher: Path | None = None) -> None:
        """Read the publisher's directory now, so that a mistake in it stops the start, not an author's lint."""
        self.publisher = publisher
        self._files = {path.stem: _lexicon_file(path) for path in sorted(publisher.glob("*.toml"))} if publisher else {}
        self._terms: dict[str, dict[str, tuple[str, ...]]] = {}
        self._everyday: dict[str, frozenset[str]] = {}

    def _load(self, language: str) -> None:
        shipped = LEXICON_DIR / f"{language}.toml"
        files = [_lexicon_file(shipped)] if shipped.is_file() else []
        files += [self._files[language]] if language in self._files else []
        terms: dict[str, tuple[str, ...]] = {}
        everyday: set[str] = set()
        for file in files:
            terms.update({term.casefold(): tuple(plain) for term, plain in file.terms.items()})
            everyday.update(word.casefold() for word in file.everyday)
        self._terms[language], self._everyday[language] = terms, frozenset(everyday)

    def terms(self, language: str) -> dict[str, tuple[str, ...]]:
        """A medical term (lower case) → everyday words for it."""
        if language not in self._terms:
            self._load(language)
        return self._terms[language]

    def everyday(self, language: str) -> frozenset[str]:
        """Words (lower case) never flagged as rare."""
        if language not in self._everyday:
            self._load(language)
        return self._everyday[language]


SHIPPED_LEXICON = Lexicon()
"""The lexicons Tailor ships, without a publisher's additions."""


def lexicon(language: str) -> dict[str, tuple[str, ...]]:
    """The shipped lay-term lexicon of a language: a medical term (lower case) → everyday words for it."""
    return SHIPPED_LEXICON.terms(language)


@functools.lru_cache(maxsize=65_536)
def _rare(word: str, language: str, below: float) -> bool:
    return bool(wordfreq.zipf_frequency(word, language) < below)


def lint(
    markdown: str,
    locale: str,
    audience: Audience,
    *,
    translate: Callable[[str], str] = lambda message: message,
    targets: ReadingTargets = DEFAULT_TARGETS,
    lexicons: Lexicon = SHIPPED_LEXICON,
) -> list[SectionLint]:
    """Every section of `markdown` with its findings (messages through `translate`), in file order."""
    language = language_of(locale)
    sections, _ = split_sections(markdown, "text")
    lines = markdown.splitlines()
    explained = _explained(markdown)
    spelt_out = _spelt_out(markdown)
    result = []
    for index, section in enumerate(sections):
        end = sections[index + 1].location.line - 1 if index + 1 < len(sections) else len(lines)
        heading_line = section.location.line
        found = [
            *_heading_findings(
                section.id,
                heading_line,
                lines[heading_line - 1],
                language=language,
                audience=audience,
                translate=translate,
                lexicons=lexicons,
            ),
            *_body_findings(
                section.id,
                [(number, lines[number - 1]) for number in range(heading_line + 1, end + 1)],
                language,
                audience,
                explained=explained,
                spelt_out=spelt_out,
                translate=translate,
                lexicons=lexicons,
            ),
        ]
        plain = plain_text(section.body)
        level = measure(plain, locale)
        limit = targets.get(language, None)
        bound = limit.for_audience(audience) if limit is not None else None
        result.append(
            SectionLint(
                section=section.id,
                words=word_count(plain),
                sentences=len([sentence for sentence in _SENTENCE.findall(plain) if sentence.strip()]),
                reading_level=level,
                target=describe_target(level.formula, bound) if level is not None and bound is not None else None,
                meets_target=meets_target(level, bound) if level is not None and bound is not None else None,
                findings=tuple(sorted(found, key=lambda finding: (finding.line, finding.column))),
            )
        )
    return result


def _explained(markdown: str) -> frozenset[str]:
    """Words the text explains in brackets, and the short forms it gives in brackets.

    "platelets (cells that help blood clot)" explains "platelets"; "chemotherapy (chemo)" gives "chemo".
    """
    return frozenset(
        (match[1] or match[2]).casefold() for match in re.finditer(r"([^\W\d_]+)\s*\(|\(\s*([^\W\d_]+)\s*\)", markdown)
    )


def _spelt_out(markdown: str) -> frozenset[str]:
    """Acronyms written with their words: "… (TVD)" after them, or "TVD (…)" before them."""
    return frozenset(
        match[1] or match[2] for match in re.finditer(r"\(([A-Z][A-Z0-9]+)\)|\b([A-Z][A-Z0-9]+)\s*\(", markdown)
    )


def _masked(line: str) -> str:
    """The line with markers, citation references and link targets blanked out, so columns stay true."""
    for pattern in (MARKER, CITATION_REF, _LINK_TARGET):
        line = pattern.sub(lambda match: " " * len(match[0]), line)
    return line


def _hard_words(
    text: str, language: str, audience: Audience, lexicons: Lexicon
) -> Iterator[tuple[re.Match[str], tuple[str, ...]]]:
    terms, everyday = lexicons.terms(language), lexicons.everyday(language)
    below = RARE_BELOW.get(language, {}).get(audience)  # no word frequencies known for other languages
    if below is None:
        return
    for match in _WORD.finditer(text):
        word = match[0]
        folded = word.casefold()
        if folded in everyday:
            continue
        plain = terms.get(folded)
        # A listed term is always flagged for families; nurses know many of them, so for nurses only when rare.
        if plain is not None and audience is Audience.FAMILY:
            yield match, plain
        elif (
            len(word) >= 4
            and not word.isupper()
            and not (language == "es" and _SPANISH_CLITIC.search(folded))
            and _rare(folded, language, below)
        ):
            yield match, plain or ()


def _heading_findings(
    section: str,
    number: int,
    line: str,
    *,
    language: str,
    audience: Audience,
    translate: Callable[[str], str],
    lexicons: Lexicon,
) -> Iterator[LintFinding]:
    heading = _HEADING.match(line)
    if heading is None:
        return
    start = heading.start(2)
    for match, plain in _hard_words(heading[2], language, audience, lexicons):
        yield _at(
            section,
            number,
            match,
            offset=start,
            rule=LintRule.HEADING_JARGON,
            message=translate(
                N_("“%(word)s” in a heading: readers meet it before anything explains it. Use everyday words.")
            )
            % {"word": match[0]},
            suggestions=plain,
        )


def _body_findings(
    section: str,
    numbered: list[tuple[int, str]],
    language: str,
    audience: Audience,
    *,
    explained: frozenset[str],
    spelt_out: frozenset[str],
    translate: Callable[[str], str],
    lexicons: Lexicon,
) -> Iterator[LintFinding]:
    if audience is Audience.CLINICIAN:
        return  # clinician texts are written for clinicians: levels only
    seen_acronyms: set[str] = set()
    for number, raw in numbered:
        if _HEADING.match(raw):
            continue
        line = _masked(raw)
        for match, plain in _hard_words(line, language, audience, lexicons):
            if match[0].casefold() in explained:
                continue
            yield _at(
                section,
                number,
                match,
                rule=LintRule.HARD_WORD,
                message=(
                    translate(N_("“%(word)s” is a hard word for this audience. Try: %(plain)s."))
                    if plain
                    else translate(N_("“%(word)s” is rare in everyday language: explain it in brackets at first use."))
                )
                % {"word": match[0], "plain": ", ".join(plain)},
                suggestions=plain,
            )
        for match in _ACRONYM.finditer(line):
            acronym = match[0]
            if acronym in seen_acronyms or acronym in spelt_out or acronym in KNOWN_ACRONYMS[audience]:
                continue
            seen_acronyms.add(acronym)
            yield _at(
                section,
                number,
                match,
                rule=LintRule.UNDEFINED_ACRONYM,
                message=translate(
                    N_("“%(acronym)s” is not spelt out: write its words at first use, then “(%(acronym)s)”.")
                )
                % {"acronym": acronym},
            )
        if language == "en":
            for match in _PASSIVE.finditer(line):
                yield _at(
                    section,
                    number,
                    match,
                    rule=LintRule.PASSIVE_VOICE,
                    message=translate(N_("“%(words)s” does not say who does it: name who (“the nurse gives …”)."))
                    % {"words": match[0]},
                )
        if audience is Audience.FAMILY:
            yield from _percent_findings(section, number, line, translate)
    yield from _long_sentences(section, numbered, audience, translate)


def _percent_findings(section: str, number: int, line: str, translate: Callable[[str], str]) -> Iterator[LintFinding]:
    for match in _PERCENT.finditer(line):
        low = round(float(match[1].replace(",", ".")) / 10)
        high = round(float(match[2].replace(",", ".")) / 10) if match[2] else None
        if high is not None and high != low:
            plain = translate(N_("about %(low)s to %(high)s in 10")) % {"low": low, "high": high}
        else:
            plain = translate(N_("about %(count)s in 10")) % {"count": low}
        yield _at(
            section,
            number,
            match,
            rule=LintRule.PERCENT_FOR_FAMILIES,
            message=translate(N_("Families read “%(percent)s” more easily as “%(plain)s”."))
            % {"percent": match[0], "plain": plain},
            suggestions=(plain,),
        )


def _long_sentences(
    section: str, numbered: list[tuple[int, str]], audience: Audience, translate: Callable[[str], str]
) -> Iterator[LintFinding]:
    """Sentences over the audience's limit, at where they start; a block (paragraph, list item) ends one."""
    limit = LONGEST_SENTENCE[audience]
    block: list[tuple[int, int, str]] = []  # (line, column, text) of each piece of the current block
    for number, raw in [*numbered, (0, "")]:
        starts_block = not raw.strip() or _HEADING.match(raw) or _LIST_MARK.match(raw)
        if starts_block and block:
            yield from _sentences_over(section, block, limit, translate)
            block = []
        if raw.strip() and not _HEADING.match(raw):
            mark = _LIST_MARK.match(raw)
            column = mark.end() if mark else len(raw) - len(raw.lstrip())
            block.append((number, column, _masked(raw)[column:]))


def _sentences_over(
    section: str, block: list[tuple[int, int, str]], limit: int, translate: Callable[[str], str]
) -> Iterator[LintFinding]:
    text = " ".join(piece for _, _, piece in block)
    places: list[tuple[int, int]] = []  # the (line, column) of each character of `text`
    for line, column, piece in block:
        places.extend((line, column + offset) for offset in range(len(piece)))
        places.append((line, column + len(piece)))
    for match in _SENTENCE.finditer(text):
        words = len(_WORD.findall(match[0]))
        if words <= limit:
            continue
        start = match.start() + len(match[0]) - len(match[0].lstrip())
        line, column = places[start]
        yield _finding(
            section,
            line,
            column,
            len(match[0].strip()),
            rule=LintRule.LONG_SENTENCE,
            message=translate(N_("This sentence has %(words)s words; keep to %(limit)s or fewer for this audience."))
            % {"words": words, "limit": limit},
        )


def _at(
    section: str,
    line: int,
    match: re.Match[str],
    *,
    offset: int = 0,
    rule: LintRule,
    message: str,
    suggestions: tuple[str, ...] = (),
) -> LintFinding:
    """A finding on what `match` matched in line `line` (`offset`: where the matched text starts in the line)."""
    return _finding(
        section,
        line,
        offset + match.start(),
        len(match[0]),
        rule=rule,
        message=message,
        suggestions=suggestions,
    )


def _finding(
    section: str,
    line: int,
    column: int,
    length: int,
    *,
    rule: LintRule,
    message: str,
    suggestions: tuple[str, ...] = (),
) -> LintFinding:
    return LintFinding(
        section=section,
        line=line,
        column=column + 1,
        length=length,
        rule=rule,
        severity="warning",
        message=message,
        suggestions=suggestions,
    )
