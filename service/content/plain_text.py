"""Markdown to the plain sentences a readability formula expects.

Readability formulas count sentences by their end punctuation. A list item or heading usually has
none, so each block is closed as a sentence of its own; otherwise a list would read as one very long
sentence. Citation references and claim markers are dropped: readers do not read `[4]` as a word.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from service.content.citation_refs import CITATION_REF
from service.content.claims import strip_markers

__all__ = ["plain_text", "word_count"]

_parser = MarkdownIt("commonmark").enable("table")
_SENTENCE_END = (".", "!", "?", "…")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?…])")


def plain_text(markdown: str) -> str:
    """The text of `markdown`, one block per sentence."""
    sentences: list[str] = []
    for token in _parser.parse(CITATION_REF.sub("", strip_markers(markdown))):
        if token.type != "inline" or token.children is None:
            continue
        words = "".join(
            child.content if child.type in {"text", "code_inline"} else " "
            for child in token.children
            if child.type in {"text", "code_inline", "softbreak", "hardbreak"}
        )
        sentence = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(words.split())).rstrip(":;, ")
        if sentence:
            sentences.append(sentence if sentence.endswith(_SENTENCE_END) else sentence + ".")
    return " ".join(sentences)


def word_count(text: str) -> int:
    """Words in a plain text, as a reader would count them."""
    return len(text.split())
