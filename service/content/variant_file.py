"""Splitting one variant file (one audience, one locale) into its sections.

A section starts at a level-2 heading, at the start of a line, that ends with its stable id,
`## Chemotherapy {#chemotherapy}`, and runs to the next one. Deeper headings belong to the section
they are in. The id is what matches the section across audiences and locales; the title is what
readers see.
"""

from __future__ import annotations

import re

from service.content.model import SECTION_ID_PATTERN, SectionText, SourceLocation
from service.content.problems import Problem, Rule

__all__ = ["split_sections"]

_HEADING_ID = re.compile(r"^(?P<title>.*?)\s*\{#(?P<id>[^}]*)\}\s*$")
_SECTION_ID = re.compile(SECTION_ID_PATTERN)
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_TOP_HEADING = re.compile(r"^(?P<level>#{1,2})(?:[ \t]+(?P<text>.*?))?[ \t]*$")


def _top_level_headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line index, level, text) of every `#` and `##` heading that starts a line outside code fences.

    A line scan rather than a Markdown parse: it is all that splitting needs, and it keeps loading
    ten thousand answers within seconds. Section headings start at the first column.
    """
    headings: list[tuple[int, int, str]] = []
    fence: str | None = None
    for index, line in enumerate(lines):
        found = _FENCE.match(line)
        if fence is not None:
            if found is not None and found.group("fence")[0] == fence[0] and len(found.group("fence")) >= len(fence):
                fence = None
            continue
        if found is not None:
            fence = found.group("fence")
            continue
        heading = _TOP_HEADING.match(line)
        if heading is not None:
            headings.append((index, len(heading.group("level")), heading.group("text") or ""))
    return headings


def split_sections(text: str, shown_as: str) -> tuple[list[SectionText], list[Problem]]:
    """The sections of a variant file in file order, and what is wrong with its structure.

    Args:
        text: The file's Markdown.
        shown_as: The file's name as reports show it.
    """
    lines = text.splitlines()
    problems: list[Problem] = []
    headings: list[tuple[int, int, str]] = []  # (heading line index, body start index, heading text)
    for index, level, heading in _top_level_headings(lines):
        if level == 1:
            problems.append(_structure(shown_as, index, "level-1 headings are not allowed: the question is the title"))
        else:
            headings.append((index, index + 1, heading))
    first = headings[0][0] if headings else len(lines)
    preamble = next(
        (index for index, line in enumerate(lines[:first]) if line.strip() and not line.startswith("# ")), None
    )
    if preamble is not None:
        problems.append(_structure(shown_as, preamble, "text before the first `## Title {#id}` heading"))
    if not headings and not problems:
        problems.append(_structure(shown_as, 0, "no sections: start each with a heading like `## Title {#section-id}`"))

    sections: list[SectionText] = []
    seen: dict[str, int] = {}
    for index, (heading_line, heading_end, heading) in enumerate(headings):
        found = _HEADING_ID.match(heading)
        if found is None:
            problems.append(_structure(shown_as, heading_line, f"heading `{heading}` has no id: end it with `{{#id}}`"))
            continue
        section_id, title = found.group("id"), found.group("title")
        if not _SECTION_ID.match(section_id):
            message = f"section id `{section_id}` must be lowercase letters, digits and single hyphens"
            problems.append(_structure(shown_as, heading_line, message))
            continue
        if not title:
            problems.append(_structure(shown_as, heading_line, f"section `{section_id}` has an id but no title"))
            continue
        if section_id in seen:
            problems.append(
                Problem(
                    file=shown_as,
                    line=heading_line + 1,
                    rule=Rule.DUPLICATE_SECTION,
                    message=f"section `{section_id}` already starts at line {seen[section_id]}",
                )
            )
            continue
        seen[section_id] = heading_line + 1
        body_end = headings[index + 1][0] if index + 1 < len(headings) else len(lines)
        body_start = heading_end
        while body_start < body_end and not lines[body_start].strip():
            body_start += 1
        sections.append(
            SectionText(
                id=section_id,
                title=title,
                body="\n".join(lines[body_start:body_end]).rstrip(),
                location=SourceLocation(file=shown_as, line=heading_line + 1),
                body_line=body_start + 1,
            )
        )
    return sections, problems


def _structure(shown_as: str, line_index: int, message: str) -> Problem:
    return Problem(file=shown_as, line=line_index + 1, rule=Rule.MARKDOWN_STRUCTURE, message=message)
