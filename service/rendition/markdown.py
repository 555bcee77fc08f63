"""Turning a section's Markdown into a sanitized HTML fragment and a typed block tree.

Author Markdown is untrusted: raw HTML in it is not interpreted, and the HTML that markdown-it
produces goes through nh3's allowlist as the very last step, so only the tags, attributes and URL
schemes listed here can reach a reader.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from markdown_it.utils import EnvType, OptionsDict

from service.content.citation_refs import CITATION_REF, cited_numbers
from service.content.claims import MARKER, PRACTICE, markers_in
from service.content.quantities import QUANTITY
from service.rendition import blocks

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "ALLOWED_URL_SCHEMES",
    "PRACTICE_MARK",
    "ClaimSources",
    "keep_quantities_together",
    "reference_anchor",
    "render",
    "sanitize",
]

ALLOWED_TAGS = frozenset(
    {
        "a", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre",
        "strong", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "class"}, "ol": {"start"}, "sup": {"class"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
ClaimSources = Mapping[str, tuple[int, ...] | str]
"""Where each claim of an answer comes from, by id: citation numbers, or `practice`."""
_SAFE_HREF = re.compile(r"^(?:https?://|mailto:|/(?!/)|#)", re.IGNORECASE)


def reference_anchor(number: int) -> str:
    """The id of a reference in the page's reference list, which citation links point to."""
    return f"reference-{number}"


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """Parse `[1]` / `[1, 4]` into a `citation_ref` token (before links get a chance at it)."""
    if state.src[state.pos] != "[":
        return False
    found = CITATION_REF.match(state.src, state.pos)
    if found is None:
        return False
    if not silent:
        token = state.push("citation_ref", "sup", 0)
        token.meta = {"numbers": cited_numbers(found.group(1))}
    state.pos = found.end()
    return True


def _claim_marker_rule(state: StateInline, silent: bool) -> bool:
    """Consume a claim marker (`{claim=…}`, `{carries=…}`): it says what a sentence is, readers never see it."""
    if state.src[state.pos] != "{":
        return False
    found = MARKER.match(state.src, state.pos)
    if found is None:
        return False
    if not silent:
        state.pending = state.pending.rstrip(" \t")  # the space before a marker ends nothing readers see
        token = state.push("claim_marker", "", 0)
        [marker] = markers_in(found.group(0))
        sources: ClaimSources = state.env.get("claim_sources", {})
        known = [sources[claim_id] for claim_id in marker.ids if claim_id in sources]
        token.meta = {
            "ids": list(marker.ids),
            "citations": sorted({number for source in known if source != PRACTICE for number in source}),
            "practice": PRACTICE in known,
        }
    state.pos = found.end()
    return True


PRACTICE_MARK = '<sup class="practice-mark">general practice</sup>'
"""What a sentence from general practice ends with on clinician and nurse pages: the words are the msgid
`general practice`, which the page build puts in the reader's language."""


def _render_claim_marker(
    renderer: RendererHTML, tokens: list[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    return PRACTICE_MARK if tokens[index].meta["practice"] and env.get("show_practice") else ""


def _render_citation(
    renderer: RendererHTML, tokens: list[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    links = ", ".join(
        f'<a class="citation-ref" href="#{reference_anchor(number)}">{number}</a>'
        for number in tokens[index].meta["numbers"]
    )
    return f'<sup class="citation">[{links}]</sup>'


_SPACE = re.compile(r"\s+")


def keep_quantities_together(text: str) -> str:
    """Join each quantity's number and unit with no-break spaces, so that "45 mg/m²" never breaks across lines."""
    return QUANTITY.sub(lambda found: _SPACE.sub("\N{NO-BREAK SPACE}", found.group(0)), text)


def _quantities_together(state: StateCore) -> None:
    """A core rule: every text token's quantities kept together (in the HTML and the block tree alike)."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "text":
                child.content = keep_quantities_together(child.content)


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    parser.inline.ruler.before("link", "citation", _citation_rule)
    parser.inline.ruler.before("text", "claim_marker", _claim_marker_rule)
    parser.core.ruler.push("quantities_together", _quantities_together)
    parser.add_render_rule("citation_ref", _render_citation)
    parser.add_render_rule("claim_marker", _render_claim_marker)
    return parser


def sanitize(html: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes; the last step before HTML is served."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
    )


def render(
    markdown: str, claim_sources: ClaimSources | None = None, *, show_practice: bool = False
) -> tuple[str, list[blocks.Block]]:
    """Both forms from one parse: the sanitized HTML fragment and the typed block tree.

    `claim_sources`: where the answer's claims come from, by id (for the blocks' claim references);
    `show_practice`: end a sentence from general practice with `PRACTICE_MARK` (clinician and nurse pages).
    """
    parser = _parser()
    env = {"claim_sources": claim_sources or {}, "show_practice": show_practice}
    tokens = parser.parse(markdown, env)
    html = sanitize(parser.renderer.render(tokens, parser.options, env))
    root = SyntaxTreeNode(tokens)
    return html, [block for node in root.children if (block := _block(node)) is not None]


def _block(node: SyntaxTreeNode) -> blocks.Block | None:  # noqa: PLR0911 - one return per kind of block
    match node.type:
        case "paragraph":
            return blocks.Paragraph(content=_inlines_of(node))
        case "heading":
            return blocks.Heading(level=int(node.tag[1]), content=_inlines_of(node))
        case "bullet_list" | "ordered_list":
            start = node.attrs.get("start")
            return blocks.ListBlock(
                ordered=node.type == "ordered_list",
                start=int(start) if start is not None else None,
                items=[blocks.ListItem(blocks=_children(item)) for item in node.children],
            )
        case "table":
            rows = [row for part in node.children for row in part.children]
            cells = [[blocks.TableCell(content=_inlines_of(cell)) for cell in row.children] for row in rows]
            return blocks.Table(header=cells[0] if cells else [], rows=cells[1:])
        case "blockquote":
            return blocks.Quote(blocks=_children(node))
        case "fence" | "code_block":
            return blocks.CodeBlock(text=node.content)
        case "hr":
            return blocks.ThematicBreak()
    return None


def _children(node: SyntaxTreeNode) -> list[blocks.Block]:
    return [block for child in node.children if (block := _block(child)) is not None]


def _inlines_of(node: SyntaxTreeNode) -> list[blocks.Inline]:
    """The inlines of a block whose only child is its `inline` node."""
    return [inline for child in node.children for inline in _inlines(child.children)]


def _inlines(nodes: list[SyntaxTreeNode]) -> list[blocks.Inline]:
    """Inline nodes as blocks; adjacent texts joined, empty ones dropped."""
    result: list[blocks.Inline] = []
    for inline in _raw_inlines(nodes):
        if isinstance(inline, blocks.Text) and result and isinstance(result[-1], blocks.Text):
            result[-1] = blocks.Text(text=result[-1].text + inline.text)
        elif not isinstance(inline, blocks.Text) or inline.text:
            result.append(inline)
    return result


def _raw_inlines(nodes: list[SyntaxTreeNode]) -> list[blocks.Inline]:
    result: list[blocks.Inline] = []
    for node in nodes:
        match node.type:
            case "text":
                result.append(blocks.Text(text=node.content))
            case "softbreak":
                result.append(blocks.Text(text=" "))
            case "hardbreak":
                result.append(blocks.LineBreak())
            case "code_inline":
                result.append(blocks.Code(text=node.content))
            case "strong":
                result.append(blocks.Strong(content=_inlines(node.children)))
            case "em":
                result.append(blocks.Emphasis(content=_inlines(node.children)))
            case "link":
                href = str(node.attrs.get("href", ""))
                content = _inlines(node.children)
                result.extend([blocks.Link(href=href, content=content)] if _SAFE_HREF.match(href) else content)
            case "citation_ref":
                result.append(blocks.CitationRef(numbers=list(node.meta["numbers"])))
            case "claim_marker":
                meta = node.meta
                result.append(blocks.ClaimRef(ids=meta["ids"], citations=meta["citations"], practice=meta["practice"]))
            case "image":
                result.append(blocks.Text(text=str(node.attrs.get("alt", "")) or node.content))
    return result
