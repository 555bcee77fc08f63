"""Search, as apps and people use it: the texts this reader is served, ranked, highlighted, a page at a time."""

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import PROJECT, SLUG, Client, serving, settings_for


def search(client: Client, q: str, **params: str | int) -> dict[str, Any]:
    response = client.get("/api/v1/search", params={"q": q, "audience": "family", "locale": "es", **params})
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_a_spanish_family_finds_the_answer_with_or_without_accents(client: Client) -> None:
    plain = search(client, "quimioterapia")
    accented = search(client, "QUIMIOTERÁPIA")

    assert plain["total"] == accented["total"] == 1
    [result] = plain["results"]
    assert result["slug"] == SLUG
    assert result["href"] == f"/api/v1/answers/{SLUG}?audience=family&locale=es"
    assert (result["served_locale"], result["served_audience"]) == ("es", "family")
    assert "<mark>quimioterapia</mark>" in result["snippet_html"]
    assert {"text": "quimioterapia", "match": True} in result["snippet_parts"]
    assert "<mark>" not in result["snippet"]


def test_a_reader_finds_only_what_their_version_says(client: Client) -> None:
    family = client.get("/api/v1/search", params={"q": "NCCN", "audience": "family", "locale": "en"}).json()
    clinician = client.get("/api/v1/search", params={"q": "NCCN", "audience": "clinician", "locale": "en"}).json()

    assert family["total"] == 0  # the guideline body is named in the clinicians' text only
    assert clinician["total"] == 1


@pytest.mark.parametrize(("params", "status"), [({"q": ""}, 400), ({"q": "x" * 201}, 400), ({"page": 2}, 404)])
def test_a_query_that_cannot_be_answered_is_a_problem(
    client: Client, params: dict[str, str | int], status: int
) -> None:
    response = client.get("/api/v1/search", params={"q": "dolor", "audience": "family", "locale": "es", **params})

    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def test_the_search_page_escapes_what_was_asked_and_highlights_what_matched(client: Client) -> None:
    page = client.get("/es/family/search", params={"q": "radioterapia <script>"}).text
    found = client.get("/es/family/search", params={"q": "radioterapia"})

    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "0 respuestas coinciden con «radioterapia &lt;script&gt;».</p>" in page
    assert found.headers["cache-control"].startswith("public")
    assert '<p class="count" role="status">1 respuesta coincide con «radioterapia».</p>' in found.text
    assert f'<a href="/es/family/answers/{SLUG}">' in found.text
    assert "<mark>radioterapia</mark>" in found.text


def test_the_answer_list_offers_search(client: Client) -> None:
    page = client.get("/es/nurse/answers").text

    assert '<form class="search-form" method="get" action="/es/nurse/search" role="search">' in page


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    content: Path = tmp_path_factory.mktemp("many")
    subprocess.run(
        [sys.executable, str(PROJECT / "bench" / "synthetic.py"), str(content), "--answers", "51"], check=True
    )
    with serving(settings_for(content)) as client:
        yield client


def test_results_come_a_page_at_a_time(many: Client) -> None:
    first = search(many, "scan", locale="en", page_size=20)
    last = search(many, "scan", locale="en", page_size=20, page=3)
    page = many.get("/en/family/search", params={"q": "scan", "page": 2}).text

    assert (first["total"], first["pages"], len(first["results"])) == (51, 3, 20)
    assert len(last["results"]) == 11
    slugs = {result["slug"] for result in (*first["results"], *last["results"])}
    assert len(slugs) == 31
    assert re.search(r'<a rel="prev" href="/en/family/search\?q=scan">', page)
    assert re.search(r'<a rel="next" href="/en/family/search\?q=scan&amp;page=3">', page) is None  # 50 a page: 2 pages
    assert "Page 2 of 2" in page
