"""Numbers that carry a unit or a percentage — doses, radiation doses, durations — found in a text.

Nurse and family texts may only use quantities the clinician text of the same section states, so a
simplified text can never carry a figure that the evidence did not. Values are compared after
normalising the decimal comma (`1,5` = `1.5`) and the unit's spelling across English and Spanish.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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


def quantities(text: str) -> Iterator[tuple[str, str]]:
    """(matched text, normalised `value unit`) for each quantity; a range yields both of its ends."""
    for found in QUANTITY.finditer(text):
        unit = _UNITS[found.group("unit").lower()]
        for value in (found.group("first"), found.group("second")):
            if value is not None:
                yield found.group(0), f"{_normal_number(value)} {unit}"


def quantities_by_line(text: str) -> Iterator[tuple[int, str, str]]:
    """(0-based line, matched text, normalised quantity) for every quantity in `text`."""
    for index, line in enumerate(text.splitlines()):
        for matched, quantity in quantities(line):
            yield index, matched, quantity
