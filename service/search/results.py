"""A page of search results for one reader: the answers whose served texts match, best first, with a snippet."""

from __future__ import annotations

import math
import re

from markupsafe import escape

from service.choice import Choice
from service.content.catalog import Catalog
from service.errors import NotFound
from service.rendition.build import HrefFor, build_answer_list, served_variants
from service.rendition.fallback import FallbackRules
from service.search.index import MARK_END, MARK_START, Match, SearchIndex, match_expression
from service.structs import Record

__all__ = ["SearchPage", "SearchResult", "SnippetPart", "search_page"]


class SnippetPart(Record):
    """A stretch of a snippet: words that matched the query, or words around them."""

    text: str
    match: bool


class SearchResult(Record):
    """An answer that matched."""

    slug: str
    question: str
    question_locale: str
    href: str
    served_locale: str
    """The locale of the text that matched (the reader's, or the one their sections fall back to)."""
    served_audience: str
    snippet: str
    """Words of the text around what matched."""
    snippet_html: str
    """The same, escaped, with each match in `<mark>`."""
    snippet_parts: list[SnippetPart]
    """The same, in stretches that matched or not: what an app highlights with."""


class SearchPage(Record):
    """One page of results, best first."""

    query: str
    audience: str
    locale: str
    total: int
    """How many answers matched."""
    page: int
    page_size: int
    pages: int
    results: list[SearchResult]


def _marked(snippet: str) -> str:
    return str(escape(snippet)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def _parts(snippet: str) -> list[SnippetPart]:
    """`a\x02b\x03c` → a, b (matched), c."""
    parts = []
    for index, piece in enumerate(re.split(f"[{MARK_START}{MARK_END}]", snippet)):
        if piece:
            parts.append(SnippetPart(text=piece, match=index % 2 == 1))
    return parts


def _best_per_answer(matches: list[Match], catalog: Catalog, choice: Choice, rules: FallbackRules) -> list[Match]:
    """Per answer, its best-ranked text among those this reader is served (not texts their choice never shows)."""
    kept: dict[str, Match] = {}
    served: dict[str, set[tuple[str, str]]] = {}
    for match in matches:
        if match.slug in kept:
            continue
        if match.slug not in served:
            answer = catalog.answer(match.slug)
            variants = served_variants(answer, choice, rules) if answer is not None else []
            served[match.slug] = {(variant.locale, variant.audience.value) for variant in variants}
        if (match.locale, match.audience) in served[match.slug]:
            kept[match.slug] = match
    return list(kept.values())


def search_page(
    index: SearchIndex,
    catalog: Catalog,
    *,
    choice: Choice,
    rules: FallbackRules,
    query: str,
    page: int,
    page_size: int,
    href_for: HrefFor,
) -> SearchPage:
    """The answers matching `query` for `choice`, a page at a time; a page past the last is a 404."""
    expression = match_expression(query)
    found: list[Match] = []
    if expression is not None:
        matches = index.matches(
            expression,
            rules.locales(choice.locale),
            tuple(audience.value for audience in rules.audiences(choice.audience)),
        )
        found = _best_per_answer(matches, catalog, choice, rules)
    pages = max(1, math.ceil(len(found) / page_size))
    if page > pages:
        raise NotFound()
    shown = found[(page - 1) * page_size : page * page_size]
    summaries = {
        summary.slug: summary
        for summary in build_answer_list(
            catalog, choice, rules=rules, href_for=href_for, only=frozenset(match.slug for match in shown)
        ).answers
    }
    results = []
    for match in shown:
        summary = summaries[match.slug]
        snippet = index.snippet(expression or "", match)
        results.append(
            SearchResult(
                slug=match.slug,
                question=summary.question,
                question_locale=summary.question_locale,
                href=summary.href,
                served_locale=match.locale,
                served_audience=match.audience,
                snippet=snippet.replace(MARK_START, "").replace(MARK_END, ""),
                snippet_html=_marked(snippet),
                snippet_parts=_parts(snippet),
            )
        )
    return SearchPage(
        query=query,
        audience=choice.audience.value,
        locale=choice.locale,
        total=len(found),
        page=page,
        page_size=page_size,
        pages=pages,
        results=results,
    )
