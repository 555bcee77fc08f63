"""Figures in a text: quantities with a unit, percentages, and proportions written as ratios or words.

Quantities are doses, radiation doses and durations; proportions are "nine in ten", "1 de cada 4",
"half", "la mitad".

Nurse and family texts may only use figures the clinician text of the same section states, so a
simplified text can never carry a figure that the evidence did not. Values are compared after
normalising the decimal comma (`1,5` = `1.5`) and the unit's spelling across English and Spanish;
proportions are compared by the share they state, so "one in ten" is the same figure as "10 %".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

__all__ = [
    "FRACTION",
    "QUANTITY",
    "RATIO",
    "SAME_PROPORTION",
    "Figure",
    "figures",
    "figures_at",
    "figures_by_line",
    "quantities",
]

# Unit spellings (lower case) → the canonical unit they are compared by.
_UNITS: dict[str, str] = {
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "por ciento": "%",
    "mg/m²": "mg/m²",
    "mg/m2": "mg/m²",
    "mg/kg": "mg/kg",
    "mcg/kg": "mcg/kg",
    "µg/kg": "mcg/kg",
    "mg": "mg",
    "mcg": "mcg",
    "µg": "mcg",
    "g": "g",
    "ml": "ml",
    "ml/kg": "ml/kg",
    "gy": "Gy",
    "cgy": "cGy",
    "mbq/kg": "MBq/kg",
    "mci/kg": "mCi/kg",
    "minute": "minute",
    "minutes": "minute",
    "minuto": "minute",
    "minutos": "minute",
    "hour": "hour",
    "hours": "hour",
    "hora": "hour",
    "horas": "hour",
    "day": "day",
    "days": "day",
    "día": "day",
    "días": "day",
    "dia": "day",
    "dias": "day",
    "week": "week",
    "weeks": "week",
    "semana": "week",
    "semanas": "week",
    "month": "month",
    "months": "month",
    "mes": "month",
    "meses": "month",
    "year": "year",
    "years": "year",
    "año": "year",
    "años": "year",
    "cycle": "cycle",
    "cycles": "cycle",
    "ciclo": "cycle",
    "ciclos": "cycle",
    "dose": "dose",
    "doses": "dose",
    "dosis": "dose",
}

_NUMBER = r"\d+(?:[.,]\d+)?"
_UNIT = "|".join(re.escape(unit) for unit in sorted(_UNITS, key=len, reverse=True))
_RANGE_JOINER = r"\s*(?:-|–|—|to|a|and|y|or|o)\s*"
QUANTITY = re.compile(
    rf"(?<![\w.,])(?P<first>{_NUMBER})(?:{_RANGE_JOINER}(?P<second>{_NUMBER}))?(?:\s*|-)(?P<unit>{_UNIT})(?![\w/²])",
    re.IGNORECASE,
)


def _normal_number(text: str) -> str:
    value = text.replace(",", ".")
    return value.rstrip("0").rstrip(".") if "." in value else value


_COUNTS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twenty": 20, "hundred": 100, "a hundred": 100,
    "uno": 1, "una": 1, "un": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "veinte": 20, "cien": 100,
}  # fmt: skip
"""Numbers written as words, as ratios use them ("nine in ten", "uno de cada cuatro")."""

_FRACTIONS: dict[str, tuple[int, int]] = {
    "half": (1, 2), "a half": (1, 2), "one half": (1, 2), "la mitad": (1, 2),
    "a third": (1, 3), "one third": (1, 3), "un tercio": (1, 3), "una tercera parte": (1, 3),
    "two thirds": (2, 3), "dos tercios": (2, 3), "dos terceras partes": (2, 3),
    "a quarter": (1, 4), "one quarter": (1, 4), "una cuarta parte": (1, 4),
    "three quarters": (3, 4), "tres cuartas partes": (3, 4),
}  # fmt: skip
"""Proportions written as words. Spanish "un cuarto" is left out: it more often means a room."""


def _words(phrase: str) -> str:
    """A pattern for a phrase whose words may be separated by any white space, line breaks included."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


_COUNT = rf"(?:\d+|{'|'.join(_words(words) for words in sorted(_COUNTS, key=len, reverse=True))})"
RATIO = re.compile(
    rf"(?<![\w.,])(?P<part>{_COUNT})\s+(?:in|out\s+of|of\s+every|de\s+cada)\s+(?P<whole>{_COUNT})(?![\w.,]*\d)(?!\s*(?:{_UNIT})(?![\w/²]))",
    re.IGNORECASE,
)
FRACTION = re.compile(
    rf"(?<![\w-])(?:{'|'.join(_words(words) for words in sorted(_FRACTIONS, key=len, reverse=True))})(?![\w-])",
    re.IGNORECASE,
)
SAME_PROPORTION = 0.005
"""Proportions this close are the same figure: 1 in 3 and 33 %, 2 in 3 and 67 %, but not 2 in 3 and 66 %."""


class Figure(NamedTuple):
    """A figure as written in a text, and what it is compared by."""

    text: str
    """As written: `nine in ten`, `5 mg`."""
    key: str
    """Normalised: `90 %`, `5 mg`, `1 in 4`."""
    proportion: float | None
    """For percentages, ratios and fractions: the share it states (0.9); None for other quantities."""

    def same_as(self, other: Figure) -> bool:
        """Whether two figures state the same thing: equal keys, or proportions within `SAME_PROPORTION`."""
        if self.key == other.key:
            return True
        if self.proportion is None or other.proportion is None:
            return False
        return abs(self.proportion - other.proportion) <= SAME_PROPORTION


def _count(text: str) -> int:
    word = " ".join(text.lower().split())
    return int(word) if word.isdigit() else _COUNTS[word]


def _found(text: str) -> Iterator[tuple[int, Figure]]:
    """(offset, figure) for every figure in `text`; a figure may run across a line break."""
    for found in QUANTITY.finditer(text):
        unit = _UNITS[found.group("unit").lower()]
        for value in (found.group("first"), found.group("second")):
            if value is not None:
                number = _normal_number(value)
                share = float(number) / 100 if unit == "%" else None
                yield found.start(), Figure(_one_line(found.group(0)), f"{number} {unit}", share)
    for found in RATIO.finditer(text):
        part, whole = _count(found.group("part")), _count(found.group("whole"))
        if 0 < part <= whole:
            yield found.start(), Figure(_one_line(found.group(0)), f"{part} in {whole}", part / whole)
    for found in FRACTION.finditer(text):
        part, whole = _FRACTIONS[" ".join(found.group(0).lower().split())]
        yield found.start(), Figure(_one_line(found.group(0)), f"{part} in {whole}", part / whole)


def _one_line(matched: str) -> str:
    return " ".join(matched.split())


def figures(text: str) -> Iterator[Figure]:
    """Every figure in `text`: quantities with a unit, percentages, ratios and fractions; a range gives both ends."""
    for _, figure in _found(text):
        yield figure


def figures_at(text: str) -> Iterator[tuple[int, Figure]]:
    """(offset at which it starts, figure) for every figure in `text`, in order of appearance."""
    yield from sorted(_found(text), key=lambda found: found[0])


def figures_by_line(text: str) -> Iterator[tuple[int, Figure]]:
    """(0-based line on which it starts, figure) for every figure in `text`, in order of appearance."""
    for offset, figure in sorted(_found(text), key=lambda found: found[0]):
        yield text.count("\n", 0, offset), figure


def quantities(text: str) -> Iterator[tuple[str, str]]:
    """(matched text, normalised figure) for each figure in `text`."""
    for figure in figures(text):
        yield figure.text, figure.key
