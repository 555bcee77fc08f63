"""A typed tree of a section's content that a native app can render without a web view.

Blocks (paragraphs, headings, lists, tables, quotes, code) hold inlines (text, emphasis, links,
citation references). Each kind carries a `type` tag, so apps switch on it and JSON stays readable.
"""

from __future__ import annotations

import msgspec


class _Node(msgspec.Struct, frozen=True, kw_only=True, tag_field="type"):
    pass


class Text(_Node, tag="text", frozen=True, kw_only=True):
    """Plain text."""

    text: str


class Strong(_Node, tag="strong", frozen=True, kw_only=True):
    """Strongly emphasised content (bold)."""

    content: list[Inline]


class Emphasis(_Node, tag="emphasis", frozen=True, kw_only=True):
    """Emphasised content (italics)."""

    content: list[Inline]


class Link(_Node, tag="link", frozen=True, kw_only=True):
    """A link; `href` is http(s), mailto, or a path or fragment on this site."""

    href: str
    content: list[Inline]


class Code(_Node, tag="code", frozen=True, kw_only=True):
    """Inline code or a literal."""

    text: str


class LineBreak(_Node, tag="break", frozen=True, kw_only=True):
    """A hard line break."""


class CitationRef(_Node, tag="citation", frozen=True, kw_only=True):
    """A reference to one or more numbered sources in the answer's `citations`."""

    numbers: list[int]


Inline = Text | Strong | Emphasis | Link | Code | LineBreak | CitationRef


class Paragraph(_Node, tag="paragraph", frozen=True, kw_only=True):
    """A paragraph."""

    content: list[Inline]


class Heading(_Node, tag="heading", frozen=True, kw_only=True):
    """A heading inside a section (the section's own title is not a block)."""

    level: int
    content: list[Inline]


class ListItem(msgspec.Struct, frozen=True, kw_only=True):
    """One item of a list."""

    blocks: list[Block]


class ListBlock(_Node, tag="list", frozen=True, kw_only=True):
    """A bulleted or numbered list; numbered lists may start at a number other than 1."""

    ordered: bool
    items: list[ListItem]
    start: int | None = None


class TableCell(msgspec.Struct, frozen=True, kw_only=True):
    """One cell of a table."""

    content: list[Inline]


class Table(_Node, tag="table", frozen=True, kw_only=True):
    """A table with one header row."""

    header: list[TableCell]
    rows: list[list[TableCell]]


class Quote(_Node, tag="quote", frozen=True, kw_only=True):
    """A block quotation."""

    blocks: list[Block]


class CodeBlock(_Node, tag="code_block", frozen=True, kw_only=True):
    """Preformatted text."""

    text: str


class ThematicBreak(_Node, tag="thematic_break", frozen=True, kw_only=True):
    """A break between parts of a section."""


Block = Paragraph | Heading | ListBlock | Table | Quote | CodeBlock | ThematicBreak
