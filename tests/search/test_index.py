"""The full-text index of served texts: accents and case folded, prefixes, ranking, and incremental updates."""

from collections.abc import Iterator

import pytest

from service.content.catalog import Catalog
from service.search.index import MARK_END, MARK_START, SearchIndex, match_expression
from tests.helpers import PROJECT, SLUG
from tests.helpers.catalogs import load_catalog

FAMILY_ES = (("es", "en"), ("family", "nurse", "clinician"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded = load_catalog(PROJECT / "variants").catalog
    assert loaded is not None
    return loaded


@pytest.fixture
def index(catalog: Catalog) -> Iterator[SearchIndex]:
    built = SearchIndex()
    built.update(catalog)
    yield built
    built.close()


@pytest.mark.parametrize("query", ["quimioterapia", "QUIMIOTERAPIA", "quimioterápia", "Quimio", "radioterapia dolor"])
def test_accents_case_and_word_beginnings_do_not_matter(index: SearchIndex, query: str) -> None:
    expression = match_expression(query)
    assert expression is not None

    matches = index.matches(expression, *FAMILY_ES)

    assert {match.slug for match in matches} == {SLUG}
    assert matches[0].locale == "es"


def test_every_word_must_match(index: SearchIndex) -> None:
    expression = match_expression("quimioterapia zzzzz")
    assert expression is not None

    assert index.matches(expression, *FAMILY_ES) == []


def test_only_the_locales_and_audiences_asked_for_are_searched(index: SearchIndex) -> None:
    expression = match_expression("NCCN")  # only the English clinicians' text names the guideline body
    assert expression is not None

    assert index.matches(expression, ("en",), ("family", "nurse")) == []
    assert [(match.locale, match.audience) for match in index.matches(expression, ("en",), ("clinician",))] == [
        ("en", "clinician")
    ]


def test_a_snippet_marks_what_matched(index: SearchIndex) -> None:
    expression = match_expression("radioterapia")
    assert expression is not None
    [match] = index.matches(expression, ("es",), ("family",))

    snippet = index.snippet(expression, match)

    assert f"{MARK_START}radioterapia{MARK_END}" in snippet.lower()


def test_words_typed_as_query_syntax_are_only_words() -> None:
    assert match_expression('dolor" OR "x') == '"dolor"* "OR"* "x"*'
    assert match_expression("  ¿? ") is None
    assert match_expression("NEAR(a b)") == '"NEAR"* "a"* "b"*'


def test_the_index_follows_a_catalog_answer_by_answer(index: SearchIndex, catalog: Catalog) -> None:
    expression = match_expression("quimioterapia")
    assert expression is not None

    assert index.update(catalog) == 0  # the same revision: nothing to do
    assert index.update(Catalog.of({})) == 1  # the answer is gone
    assert index.matches(expression, *FAMILY_ES) == []
    assert index.update(catalog) == 1
    assert len(index.matches(expression, *FAMILY_ES)) == 3  # es family, nurse and clinician texts
