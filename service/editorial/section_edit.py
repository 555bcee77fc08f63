"""Editing one section of a text: cutting it out, putting it back, taking a suggestion, its plain-language check.

The section workbench (`/editorial/…/edit/sections/{id}`) shows one section's Markdown, from its
`## Title {#id}` heading to the next section's, beside the same section of the source. What the author
sends back replaces exactly those lines; the rest of the text is the stored revision's, so a section
is saved alone and still goes through the gate as a whole text. Lines and columns of findings are
the section's own (its heading is line 1), as the author sees them in the section's box.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from service.content.model import Audience
from service.content.targets import DEFAULT_TARGETS, ReadingTargets
from service.content.variant_file import split_sections
from service.editorial.lint import SHIPPED_LEXICON, Lexicon, SectionLint, lint
from service.errors import InvalidParameter, UnknownSection
from service.i18n.labels import N_

__all__ = ["Suggestion", "section_ids", "section_lint", "section_markdown", "section_span", "taken", "with_section"]


def section_ids(markdown: str) -> list[str]:
    """The ids of the text's sections, in file order."""
    return [section.id for section in split_sections(markdown, "text")[0]]


def section_span(markdown: str, section: str) -> tuple[int, int]:
    """The 0-based [start, end) lines of `section`, from its heading to the next section's heading."""
    sections, _ = split_sections(markdown, "text")
    line_count = len(markdown.splitlines())
    for index, found in enumerate(sections):
        if found.id == section:
            end = sections[index + 1].location.line - 1 if index + 1 < len(sections) else line_count
            return found.location.line - 1, end
    raise UnknownSection(section)


def section_markdown(markdown: str, section: str) -> str:
    """The Markdown of one section, its heading first, without the blank lines that separate it from the next."""
    start, end = section_span(markdown, section)
    return "\n".join(markdown.splitlines()[start:end]).rstrip() + "\n"


def with_section(markdown: str, section: str, written: str) -> str:
    """`markdown` with `section` replaced by `written` (the author's lines, a blank line before the next section)."""
    start, end = section_span(markdown, section)
    lines = markdown.splitlines()
    replacement = written.replace("\r\n", "\n").strip("\n").splitlines()
    following = lines[end:]
    return "\n".join([*lines[:start], *replacement, *([""] if following else []), *following]).rstrip("\n") + "\n"


class Suggestion:
    """A suggestion taken from a finding: replace `length` characters at `line`, `column` (from 1) with `plain`.

    Sent by the finding's button as `line:column:length:plain`, so that a page without JavaScript can
    take it too.
    """

    def __init__(self, line: int, column: int, length: int, plain: str) -> None:
        """Where and what."""
        self.line, self.column, self.length, self.plain = line, column, length, plain

    @classmethod
    def parse(cls, value: str) -> Suggestion:
        """Read a button's value, or refuse it saying what it should be."""
        parts = value.split(":", 3)
        if len(parts) == 4 and all(part.isdigit() for part in parts[:3]) and parts[3]:
            return cls(int(parts[0]), int(parts[1]), int(parts[2]), parts[3])
        raise InvalidParameter(
            "take", N_("“%(name)s” must be line:column:length:replacement, as a suggestion’s button sends it.")
        )


def taken(markdown: str, suggestion: Suggestion) -> str:
    """`markdown` with the suggestion applied; unchanged when the place no longer holds a word that long."""
    lines = markdown.split("\n")
    index, start = suggestion.line - 1, suggestion.column - 1
    if not (0 <= index < len(lines) and start >= 0 and start + suggestion.length <= len(lines[index])):
        return markdown
    line = lines[index]
    lines[index] = line[:start] + suggestion.plain + line[start + suggestion.length :]
    return "\n".join(lines)


def section_lint(
    markdown: str,
    section: str,
    written: str,
    *,
    locale: str,
    audience: Audience,
    translate: Callable[[str], str],
    targets: ReadingTargets = DEFAULT_TARGETS,
    lexicons: Lexicon = SHIPPED_LEXICON,
) -> SectionLint | None:
    """The lint of `written` as section `section` of `markdown`, its lines counted from the section's heading.

    The whole text is linted, so that a word explained or an acronym spelt out in an earlier section
    counts; None when what was written no longer holds the section (its heading or id was removed).
    """
    whole = with_section(markdown, section, written)
    if section not in section_ids(whole):
        return None
    start, _ = section_span(whole, section)
    linted = lint(whole, locale, audience, translate=translate, targets=targets, lexicons=lexicons)
    found = next(item for item in linted if item.section == section)
    return msgspec.structs.replace(
        found, findings=tuple(msgspec.structs.replace(finding, line=finding.line - start) for finding in found.findings)
    )
