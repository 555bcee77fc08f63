"""The answer list a page at a time (HTML and JSON): totals, `Link: rel="next"`, pages that do not exist."""

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import PROJECT, Client, serving, settings_for

ANSWERS = 51


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """A catalog one answer longer than a page."""
    content: Path = tmp_path_factory.mktemp("many")
    subprocess.run(
        [sys.executable, str(PROJECT / "bench" / "synthetic.py"), str(content), "--answers", str(ANSWERS)], check=True
    )
    with serving(settings_for(content)) as client:
        yield client


def test_the_json_list_comes_a_page_at_a_time_with_links_between_pages(many: Client) -> None:
    first = many.get("/api/v1/answers", params={"audience": "family", "locale": "es"})
    following = re.search(r'<([^>]+)>; rel="next"', first.headers["link"])
    assert following is not None
    second = many.get(following.group(1))

    body = first.json()
    assert (body["total"], body["page"], body["page_size"], body["pages"]) == (ANSWERS, 1, 50, 2)
    assert len(body["answers"]) == 50
    assert following.group(1) == "/api/v1/answers?audience=family&locale=es&page=2"
    assert 'rel="prev"' not in first.headers["link"]
    assert len(second.json()["answers"]) == 1
    assert '</api/v1/answers?audience=family&locale=es>; rel="prev"' in second.headers["link"]
    assert 'rel="next"' not in second.headers["link"]
    slugs = [answer["slug"] for answer in (*body["answers"], *second.json()["answers"])]
    assert slugs == sorted(slugs)
    assert len(set(slugs)) == ANSWERS
    assert first.headers["etag"] != second.headers["etag"]


def test_a_page_size_is_chosen_within_bounds(many: Client) -> None:
    small = many.get("/api/v1/answers", params={"audience": "nurse", "locale": "en", "page_size": 20, "page": 3})

    assert (small.json()["pages"], len(small.json()["answers"])) == (3, 11)
    assert '</api/v1/answers?audience=nurse&locale=en&page=2&page_size=20>; rel="prev"' in small.headers["link"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"page": 3}, 404),
        ({"page": 0}, 400),
        ({"page": "two"}, 400),
        ({"page_size": 101}, 400),
        ({"page_size": 0}, 400),
    ],
)
def test_pages_that_do_not_exist_are_problems(many: Client, params: dict[str, int | str], status: int) -> None:
    response = many.get("/api/v1/answers", params={"audience": "family", "locale": "es", **params})

    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def test_the_page_list_says_where_it_is_and_links_both_ways(many: Client) -> None:
    first = many.get("/en/family/answers").text
    second = many.get("/en/family/answers?page=2").text
    missing = many.get("/en/family/answers?page=3")

    assert "51 answers" in first
    assert first.count('<li>\n    <a href="/en/family/answers/synthetic-') == 50
    assert '<a rel="next" href="/en/family/answers?page=2">Next page</a>' in first
    assert "Page 1 of 2" in first
    assert '<a rel="prev" href="/en/family/answers">Previous page</a>' in second
    assert '<link rel="canonical" href="/en/family/answers?page=2">' in second
    assert second.count('<li>\n    <a href="/en/family/answers/synthetic-') == 1
    assert missing.status_code == 404


def test_a_short_catalog_has_one_page_and_no_pager(client: Client) -> None:
    page = client.get("/en/family/answers").text
    listing = client.get("/api/v1/answers", params={"audience": "family", "locale": "en"})

    assert 'class="pager"' not in page
    assert listing.json()["pages"] == 1
    assert "link" not in listing.headers or 'rel="next"' not in listing.headers["link"]
