"""A rendition's "last updated" is the latest change among what that rendition shows, not the answer's."""

import datetime
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import PROJECT, SLUG
from tests.helpers.store import Store, open_store

IMPORTED_ON = "2026-01-15"
"""The bundled answer.toml's date, moved back so that a write today is visibly newer."""


@pytest.fixture
def dated_store(database_url: str, tmp_path: Path) -> Iterator[Store]:
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "variants", content)
    for toml in (content / SLUG / "answer.toml", content / "glossary" / "answer.toml"):  # the definitions too
        text = toml.read_text(encoding="utf-8")
        toml.write_text(
            re.sub(r"^last_updated = .*$", f"last_updated = {IMPORTED_ON}", text, flags=re.M), encoding="utf-8"
        )
    with open_store(database_url, content=content) as store:
        yield store


def _rendition(store: Store, locale: str, audience: str) -> tuple[str, str, str]:
    response = store.client.get(f"/api/v1/answers/{SLUG}?audience={audience}&locale={locale}")
    assert response.status_code == 200
    return response.json()["last_updated"], response.headers["etag"], response.text


def _lastmod(store: Store, path: str) -> str:
    sitemap = store.client.get("/sitemaps/1.xml").text
    found = re.search(rf"<loc>[^<]*{re.escape(path)}</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
    assert found is not None, path
    return found.group(1)


def test_an_english_approval_leaves_the_spanish_family_rendition_as_it_was(dated_store: Store) -> None:
    store = dated_store
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    spanish_before = _rendition(store, "es", "family")
    page_before = store.client.get(f"/es/family/answers/{SLUG}").text
    assert spanish_before[0] == IMPORTED_ON

    revision = store.edit("en", "family", "Chemo is strong medicine", "Chemo is a strong medicine")["revision"]
    store.approve("en", "family", revision, "Wording.")

    assert _rendition(store, "es", "family") == spanish_before  # date, ETag and body: nothing it shows changed
    assert store.client.get(f"/es/family/answers/{SLUG}").text == page_before
    assert _rendition(store, "en", "family")[0] == today
    assert _rendition(store, "en", "nurse")[0] == IMPORTED_ON
    assert _lastmod(store, f"/es/family/answers/{SLUG}") == IMPORTED_ON
    assert _lastmod(store, f"/en/family/answers/{SLUG}") == today
    listed = store.client.get("/api/v1/answers?audience=family&locale=es").json()["answers"]
    assert [answer["last_updated"] for answer in listed] == [IMPORTED_ON]
    manifest = store.client.get("/api/v1/manifest?audience=family&locale=es").json()
    assert [entry["last_updated"] for entry in manifest["answers"]] == [IMPORTED_ON]
