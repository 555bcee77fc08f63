"""How texts cite sources: a bracketed number or list of numbers, `[1]` or `[3, 4]`, defined in answer.toml."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["CITATION_REF", "citations_by_line", "cited_numbers"]

CITATION_REF = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?![(\[:])")
"""A citation reference; not a Markdown link (`[1](…)`), reference link (`[1][…]`) or definition (`[1]:`)."""


def cited_numbers(reference: str) -> list[int]:
    """`3, 4` (the group of a `CITATION_REF` match) → [3, 4]."""
    return [int(number) for number in reference.split(",")]


def citations_by_line(text: str) -> Iterator[tuple[int, int]]:
    """(0-based line, cited number) for every reference in `text`."""
    for index, line in enumerate(text.splitlines()):
        for found in CITATION_REF.finditer(line):
            for number in cited_numbers(found.group(1)):
                yield index, number
