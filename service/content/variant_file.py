"""Splitting one variant file (one audience, one locale) into its sections.

A section starts at a level-2 heading that ends with its stable id, `## Chemotherapy {#chemotherapy}`,
and runs to the next one. Deeper headings belong to the section they are in. The id is what matches
the section across audiences and locales; the title is what readers see.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from service.content.model import SECTION_ID_PATTERN, SectionText, SourceLocation
from service.content.problems import Problem, Rule

_HEADING_ID = re.compile(r"^(?P<title>.*?)\s*\{#(?P<id>[^}]*)\}\s*$")
_SECTION_ID = re.compile(SECTION_ID_PATTERN)

# Only block structure matters here (where headings are, fences included); skipping inline parsing
# keeps loading a large catalog fast.
_block_parser = MarkdownIt("commonmark").disable("inline")


def split_sections(text: str, shown_as: str) -> tuple[list[SectionText], list[Problem]]:
    """The sections of a variant file in file order, and what is wrong with its structure.

    Args:
        text: The file's Markdown.
        shown_as: The file's name as reports show it.
    """
    lines = text.splitlines()
    problems: list[Problem] = []
    headings: list[tuple[int, int, str]] = []  # (heading line index, body start index, heading text)
    tokens = _block_parser.parse(text)
    for position, token in enumerate(tokens):
        if token.level != 0 or token.map is None:
            continue
        start, end = token.map
        if token.type == "heading_open" and token.tag == "h1":
            problems.append(_structure(shown_as, start, "level-1 headings are not allowed: the question is the title"))
        elif token.type == "heading_open" and token.tag == "h2":
            headings.append((start, end, tokens[position + 1].content))
        elif not headings and not problems:
            problems.append(_structure(shown_as, start, "text before the first `## Title {#id}` heading"))
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
                location=SourceLocation(shown_as, heading_line + 1),
                body_line=body_start + 1,
            )
        )
    return sections, problems


def _structure(shown_as: str, line_index: int, message: str) -> Problem:
    return Problem(file=shown_as, line=line_index + 1, rule=Rule.MARKDOWN_STRUCTURE, message=message)
