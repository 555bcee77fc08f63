"""The key points a text may open with: one list of three to five points, before every other section.

A reader on a phone meets them first (NCI's patient summaries open the same way), so they are short by
shape: a list a reader takes in at a glance, not a second introduction. What they say is checked like
any section's (figures, citations, claims, reading level); this module checks only their shape.
"""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it import MarkdownIt

from service.content.claims import strip_markers
from service.content.model import KEY_POINTS_SECTION, Variant
from service.content.problems import Problem, Rule

__all__ = ["MAX_KEY_POINTS", "MIN_KEY_POINTS", "key_points_problems"]

MIN_KEY_POINTS = 3
MAX_KEY_POINTS = 5
_parser = MarkdownIt("commonmark").enable("table")
_LISTS = frozenset({"bullet_list_open", "ordered_list_open"})


def key_points_problems(variant: Variant) -> Iterator[Problem]:
    """What is wrong with the shape of `variant`'s key points, if it has any."""
    section = variant.sections.get(KEY_POINTS_SECTION)
    if section is None:
        return
    line = section.location.line
    if next(iter(variant.sections)) != KEY_POINTS_SECTION:
        message = f"`{KEY_POINTS_SECTION}` must be the first section of its text: readers meet the key points first"
        yield Problem(file=variant.file, line=line, rule=Rule.KEY_POINTS, message=message)
    tokens = _parser.parse(strip_markers(section.body))
    blocks = [token for token in tokens if token.level == 0 and token.nesting != -1]
    points = sum(1 for token in tokens if token.type == "list_item_open" and token.level == 1)
    one_list = len(blocks) == 1 and blocks[0].type in _LISTS
    if not one_list or not MIN_KEY_POINTS <= points <= MAX_KEY_POINTS:
        found = f"{len(blocks)} blocks" if not one_list else f"{points} points"
        message = (
            f"key points are one list of {MIN_KEY_POINTS} to {MAX_KEY_POINTS} points and nothing else; "
            f"this section has {found}"
        )
        yield Problem(file=variant.file, line=line, rule=Rule.KEY_POINTS, message=message)
