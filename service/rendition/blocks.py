"""A typed tree of a section's content that a native app can render without a web view.

Blocks (paragraphs, headings, lists, tables, quotes, code) hold inlines (text, emphasis, links,
citation references, and the claims a sentence states or carries). Each kind carries a `type` tag,
so apps switch on it and JSON stays readable.
"""

from __future__ import annotations

from service.structs import Record

__all__ = [
    "Block",
    "CitationRef",
    "ClaimRef",
    "Code",
    "CodeBlock",
    "Emphasis",
    "Heading",
    "Inline",
    "LineBreak",
    "Link",
    "ListBlock",
    "ListItem",
    "Paragraph",
    "Quote",
    "Strong",
    "Table",
    "TableCell",
    "Term",
    "Text",
    "ThematicBreak",
]


class _Node(Record, tag_field="type"):
    pass


class Text(_Node, tag="text"):
    """Plain text."""

    text: str


class Strong(_Node, tag="strong"):
    """Strongly emphasised content (bold)."""

    content: list[Inline]


class Emphasis(_Node, tag="emphasis"):
    """Emphasised content (italics)."""

    content: list[Inline]


class Link(_Node, tag="link"):
    """A link; `href` is http(s), mailto, or a path or fragment on this site."""

    href: str
    content: list[Inline]


class Code(_Node, tag="code"):
    """Inline code or a literal."""

    text: str


class LineBreak(_Node, tag="break"):
    """A hard line break."""


class CitationRef(_Node, tag="citation"):
    """A reference to one or more numbered sources in the answer's `citations`."""

    numbers: list[int]


class ClaimRef(_Node, tag="claim"):
    """The end of a sentence that states or carries claims: which, and where they come from."""

    ids: list[str]
    citations: list[int]
    """The numbered sources the claims come from."""
    practice: bool
    """True when one of them comes from general clinical practice rather than the cited sources."""


class Term(_Node, tag="term"):
    """The first use in a section of a word the glossary explains: its definition is in the section's `terms`."""

    term: str
    """The term's id, as in the section's `terms` and `/api/v1/glossary/{term}`."""
    content: list[Inline]


Inline = Text | Strong | Emphasis | Link | Code | LineBreak | CitationRef | ClaimRef | Term


class Paragraph(_Node, tag="paragraph"):
    """A paragraph."""

    content: list[Inline]


class Heading(_Node, tag="heading"):
    """A heading inside a section (the section's own title is not a block)."""

    level: int
    content: list[Inline]


class ListItem(Record):
    """One item of a list."""

    blocks: list[Block]


class ListBlock(_Node, tag="list"):
    """A bulleted or numbered list; numbered lists may start at a number other than 1."""

    ordered: bool
    items: list[ListItem]
    start: int | None = None


class TableCell(Record):
    """One cell of a table."""

    content: list[Inline]


class Table(_Node, tag="table"):
    """A table with one header row."""

    header: list[TableCell]
    rows: list[list[TableCell]]


class Quote(_Node, tag="quote"):
    """A block quotation."""

    blocks: list[Block]


class CodeBlock(_Node, tag="code_block"):
    """Preformatted text."""

    text: str


class ThematicBreak(_Node, tag="thematic_break"):
    """A break between parts of a section."""


Block = Paragraph | Heading | ListBlock | Table | Quote | CodeBlock | ThematicBreak
