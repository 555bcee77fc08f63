"""Reading-level targets per language and audience: the one place they are set.

Defaults follow health-literacy guidance (AMA: 6th grade or below for patients); a TOML file with the
same shape overrides them, e.g. `tailor check --targets targets.toml`:

    [en]
    family = 6
    nurse = 10

    [es]
    family = 65
    nurse = 55

Grades (English) are maxima; INFLESZ scores (Spanish) are minima. An audience with no target (the
clinician text) is measured but not constrained.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import msgspec

from service.content.model import Audience
from service.content.readability import FORMULA_BY_LANGUAGE, Formula, ReadingLevel
from service.structs import FileRecord

__all__ = ["DEFAULT_TARGETS", "LanguageTargets", "ReadingTargets", "describe_target", "load_targets", "meets_target"]


class LanguageTargets(FileRecord):
    """The limit for each constrained audience in one language, on that language's formula."""

    family: float | None = None
    nurse: float | None = None
    clinician: float | None = None

    def for_audience(self, audience: Audience) -> float | None:
        """The limit for `audience`, or None when it is unconstrained."""
        limit: float | None = getattr(self, audience.value)
        return limit


ReadingTargets = dict[str, LanguageTargets]

DEFAULT_TARGETS: ReadingTargets = {
    "en": LanguageTargets(family=6, nurse=10),
    "es": LanguageTargets(family=65, nurse=55),
}


def load_targets(path: Path) -> ReadingTargets:
    """Targets from a TOML file; raises `ValueError` naming what is wrong."""
    try:
        targets = msgspec.convert(tomllib.loads(path.read_text(encoding="utf-8")), type=ReadingTargets)
    except (tomllib.TOMLDecodeError, msgspec.ValidationError) as error:
        raise ValueError(f"{path}: {error}") from error
    unknown = sorted(set(targets) - set(FORMULA_BY_LANGUAGE))
    if unknown:
        known = ", ".join(sorted(FORMULA_BY_LANGUAGE))
        raise ValueError(f"{path}: no readability formula for {', '.join(unknown)} (known: {known})")
    return targets


def describe_target(formula: Formula, limit: float) -> str:
    """`≤ 6` for a grade, `≥ 65` for an ease score."""
    return f"{'≥' if formula.higher_is_easier else '≤'} {limit:g}"


def meets_target(level: ReadingLevel, limit: float) -> bool:
    """Whether a measured level is at or on the easy side of `limit`."""
    return level.score >= limit if level.formula.higher_is_easier else level.score <= limit
