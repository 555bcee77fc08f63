"""What Tailor tells the caches in front at a publish: the paths that changed, and nothing else."""

import re
import shutil
from pathlib import Path

import pytest

from service.content.catalog import Catalog
from service.settings import Settings
from service.web.cache_purge import MAX_NAMED, changed_paths
from tests.helpers import PROJECT
from tests.helpers.catalogs import load_catalog

SLUG = "palliative-neuroblastoma"


def catalog_of(directory: Path) -> Catalog:
    catalog = load_catalog(directory).catalog
    assert catalog is not None
    return catalog


def test_a_changed_text_bans_its_answer_and_the_lists_only(tmp_path: Path) -> None:
    before = catalog_of(PROJECT / "variants")
    edited = tmp_path / "variants"
    shutil.copytree(PROJECT / "variants", edited)
    family = edited / SLUG / "en" / "family.md"
    family.write_text(
        family.read_text(encoding="utf-8").replace("Chemo is strong", "Chemo is a strong"), encoding="utf-8"
    )
    pattern = changed_paths(before, catalog_of(edited))
    assert pattern is not None
    banned = re.compile(pattern)
    for path in (
        f"/en/family/answers/{SLUG}",
        f"/es/nurse/answers/{SLUG}",
        f"/api/v1/answers/{SLUG}?audience=family&locale=en",
        "/en/family/answers",
        "/es/nurse/answers?page=2",
        "/api/v1/answers?audience=family&locale=en",
        "/api/v1/manifest?audience=family&locale=en",
        "/api/v1/batch?audience=family&locale=en&slugs=a",
        "/sitemap.xml",
        "/sitemaps/1.xml",
    ):
        assert banned.search(path), path
    for path in (
        f"/en/family/answers/{SLUG}-2",
        "/en/family/answers/another-answer",
        f"/api/v1/answers/{SLUG}x?audience=family&locale=en",
        "/static/tailor.0123456789ab.css",
        "/robots.txt",
        "/api/v1/locales?locale=en",
        "/api/v1/glossary/platelets?audience=family&locale=en",  # the definitions did not change
    ):
        assert not banned.search(path), path


def test_an_unchanged_catalog_bans_nothing_and_a_large_change_bans_all_but_assets() -> None:
    catalog = catalog_of(PROJECT / "variants")
    assert changed_paths(catalog, catalog) is None
    many = Catalog.of({f"answer-{number}": catalog.answers[SLUG] for number in range(MAX_NAMED + 1)}, held_back=())
    pattern = changed_paths(catalog, many)
    assert pattern is not None
    assert re.search(pattern, f"/en/family/answers/{SLUG}")
    assert re.search(pattern, "/api/v1/locales?locale=en")
    assert not re.search(pattern, "/static/tailor.0123456789ab.css")


def test_purge_urls_are_origins() -> None:
    settings = Settings.from_environment({"TAILOR_CACHE_PURGE_URLS": "http://varnish-a:6081/, http://varnish-b:6081"})
    assert settings.cache_purge_urls == ("http://varnish-a:6081", "http://varnish-b:6081")
    with pytest.raises(ValueError, match="TAILOR_CACHE_PURGE_URLS must list origins"):
        Settings.from_environment({"TAILOR_CACHE_PURGE_URLS": "varnish:6081/ban"})


def test_a_changed_definition_bans_the_glossary_and_every_answer_that_shows_it(tmp_path: Path) -> None:
    before = catalog_of(PROJECT / "variants")
    edited = tmp_path / "variants"
    shutil.copytree(PROJECT / "variants", edited)
    family = edited / "glossary" / "en" / "family.md"
    family.write_text(
        family.read_text(encoding="utf-8").replace("Tiny cells in the blood", "Very small cells in the blood"),
        encoding="utf-8",
    )

    pattern = changed_paths(before, catalog_of(edited))

    assert pattern is not None
    banned = re.compile(pattern)
    for path in (
        "/api/v1/glossary/platelets?audience=family&locale=en",
        f"/en/family/answers/{SLUG}",
        "/en/family/answers",
    ):
        assert banned.search(path), path
    assert not banned.search("/static/tailor.css")
