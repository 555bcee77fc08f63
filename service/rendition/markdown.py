"""Turning a section's Markdown into a sanitized HTML fragment and a typed block tree.

Author Markdown is untrusted: raw HTML in it is not interpreted, and the HTML that markdown-it
produces goes through nh3's allowlist as the very last step, so only the tags, attributes and URL
schemes listed here can reach a reader.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import NamedTuple

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
    "TermWords",
    "keep_quantities_together",
    "reference_anchor",
    "render",
    "sanitize",
    "section_rendering",
    "term_anchor",
    "term_use_anchor",
]

ALLOWED_TAGS = frozenset(
    {
        "a", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre",
        "strong", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
# An `id` only our renderer writes (Markdown cannot set attributes): where a term's definition links back to.
ALLOWED_ATTRIBUTES = {"a": {"href", "class", "id"}, "ol": {"start"}, "sup": {"class"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
ClaimSources = Mapping[str, tuple[int, ...] | str]
"""Where each claim of an answer comes from, by id: citation numbers, or `practice`."""
TermWords = tuple[tuple[str, tuple[str, ...]], ...]
"""The glossary's terms a text may use, as (term id, the words that name it in the text's language)."""
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


def term_anchor(section: str, term: str) -> str:
    """The id of a term's entry in a section's "words to know", which the term's first use links to."""
    return f"term-{section}-{term}"


def term_use_anchor(section: str, term: str) -> str:
    """The id of a term's first use in a section, which its entry in "words to know" links back to."""
    return f"term-use-{section}-{term}"


@cache
def _term_pattern(words: TermWords) -> re.Pattern[str] | None:
    """One pattern for every word of every term, longest first (so "blood counts" wins over "blood")."""
    spelled = sorted({word for _, forms in words for word in forms}, key=lambda word: (-len(word), word))
    if not spelled:
        return None
    alternatives = "|".join(re.escape(word).replace(r"\ ", r"[\s\u00a0]+") for word in spelled)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _mark_terms(state: StateCore) -> None:
    """A core rule: the first use of each glossary term in the section becomes a link to its definition.

    Never inside a link (a link in a link does not work), a heading (a heading names, it does not use) or
    code (literal text): only text tokens of paragraphs, lists, tables and quotes are looked at.
    """
    words: TermWords = state.env.get("terms", ())
    pattern = _term_pattern(words)
    if pattern is None:
        return
    term_of = {word.casefold(): term for term, forms in words for word in forms}
    used: list[str] = state.env.setdefault("used_terms", [])
    section = state.env.get("section", "")
    in_heading = False
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            in_heading = token.type == "heading_open"
        if token.type != "inline" or in_heading or not token.children:
            continue
        token.children = _marked(token.children, pattern, term_of, used, section)


def _marked(
    children: list[Token],
    pattern: re.Pattern[str],
    term_of: dict[str, str],
    used: list[str],
    section: str,
) -> list[Token]:
    """`children` with the first use of each term not yet `used` wrapped in a link to its definition."""
    marked: list[Token] = []
    link_depth = 0
    for child in _joined_lines(children):
        link_depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type != "text" or link_depth:
            marked.append(child)
            continue
        text, start = child.content, 0
        for found in pattern.finditer(text):
            term = term_of.get(_SPACE.sub(" ", found.group(0)).casefold())
            if term is None or term in used:
                continue
            used.append(term)
            marked.append(_text_token(text[start : found.start()]))
            opening = Token("glossary_term_open", "a", 1)
            opening.attrs = {
                "class": "term",
                "href": f"#{term_anchor(section, term)}",
                "id": term_use_anchor(section, term),
            }
            opening.meta = {"term": term}
            marked.extend([opening, _text_token(found.group(0)), Token("glossary_term_close", "a", -1)])
            start = found.end()
        marked.append(_text_token(text[start:]) if start else child)
    return [token for token in marked if token.type != "text" or token.content]


def _joined_lines(children: list[Token]) -> list[Token]:
    """Text broken across source lines as one text token: a term's words may be wrapped between two lines.

    The newline stays in the text, where it renders as a soft break does; the block tree reads it as a space.
    """
    joined: list[Token] = []
    for child in children:
        if child.type not in {"text", "softbreak"}:
            joined.append(child)
            continue
        content = child.content if child.type == "text" else "\n"
        if joined and joined[-1].meta.get("lines"):
            joined[-1].content += content
        else:
            token = _text_token(content)
            token.meta = {"lines": True}
            joined.append(token)
    return joined


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    parser.inline.ruler.before("link", "citation", _citation_rule)
    parser.inline.ruler.before("text", "claim_marker", _claim_marker_rule)
    parser.core.ruler.push("quantities_together", _quantities_together)
    parser.core.ruler.push("glossary_terms", _mark_terms)
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


class Rendered(NamedTuple):
    """A section text as readers get it: HTML, blocks, and the glossary terms it uses, in order of first use."""

    html: str
    blocks: list[blocks.Block]
    terms: list[str]


def render(
    markdown: str,
    claim_sources: ClaimSources | None = None,
    *,
    show_practice: bool = False,
    terms: TermWords = (),
    section: str = "",
) -> Rendered:
    """Both forms from one parse: the sanitized HTML fragment and the typed block tree.

    `claim_sources`: where the answer's claims come from, by id (for the blocks' claim references);
    `show_practice`: end a sentence from general practice with `PRACTICE_MARK` (clinician and nurse pages);
    `terms`: the glossary terms whose first use links to their definition, in the section called `section`.
    """
    parser = _parser()
    env: dict[str, object] = {
        "claim_sources": claim_sources or {},
        "show_practice": show_practice,
        "terms": terms,
        "section": section,
    }
    tokens = parser.parse(markdown, env)
    html = sanitize(parser.renderer.render(tokens, parser.options, env))
    root = SyntaxTreeNode(tokens)
    used = env.get("used_terms", [])
    return Rendered(
        html,
        [block for node in root.children if (block := _block(node)) is not None],
        list(used) if isinstance(used, list) else [],
    )


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
                result.append(blocks.Text(text=node.content.replace("\n", " ")))
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
            case "glossary_term":
                result.append(blocks.Term(term=str(node.meta["term"]), content=_inlines(node.children)))
            case "citation_ref":
                result.append(blocks.CitationRef(numbers=list(node.meta["numbers"])))
            case "claim_marker":
                meta = node.meta
                result.append(blocks.ClaimRef(ids=meta["ids"], citations=meta["citations"], practice=meta["practice"]))
            case "image":
                result.append(blocks.Text(text=str(node.attrs.get("alt", "")) or node.content))
    return result


@lru_cache(maxsize=8192)
def section_rendering(
    body: str,
    claim_sources: tuple[tuple[str, tuple[int, ...] | str], ...] = (),
    *,
    show_practice: bool = False,
    terms: TermWords = (),
    section: str = "",
) -> tuple[str, tuple[blocks.Block, ...], tuple[str, ...]]:
    """A section text's HTML, blocks and terms, made once while the text is in use: a function of its arguments.

    An answer's page and JSON, and every page that falls back to the same text (a French reader gets
    the English one), share one rendering. Bounded to the 8,192 texts used last.
    """
    html, tree, used = render(body, dict(claim_sources), show_practice=show_practice, terms=terms, section=section)
    return html, tuple(tree), tuple(used)
