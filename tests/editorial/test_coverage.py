"""The coverage map: a cell per section × audience × locale, from the store's latest texts, by API, page and CLI."""

import json
from pathlib import Path

import pytest

from tests.helpers import CLAIM_EDIT, PROJECT, SLUG, cli
from tests.helpers.editorial_pages import EDITORIAL, sign_in
from tests.helpers.store import Store, open_store

PARTIAL = PROJECT / "tests" / "fixtures" / "content" / "fallback"


def cells(answer: dict[str, object]) -> dict[tuple[str, str, str], dict[str, object]]:
    """Every cell of an answer's table by (section, locale, audience)."""
    return {
        (str(row["section"]), str(cell["locale"]), str(cell["audience"])): cell
        for row in answer["rows"]  # type: ignore[attr-defined]
        for cell in row["cells"]
    }


@pytest.fixture
def partial_store(store_url: str) -> str:
    """A store holding the partial translation: Spanish lacks the clinician text and a family section."""
    assert cli("import", str(PARTIAL), "--database", store_url) == 0
    return store_url


def test_missing_cells_say_where_readers_get_the_section_from(
    partial_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("coverage", "--json", "--database", partial_store) == 0
    [answer] = json.loads(capsys.readouterr().out)
    table = cells(answer)

    assert [(column["locale"], column["audience"]) for column in answer["columns"]] == [
        ("en", "clinician"),
        ("en", "nurse"),
        ("en", "family"),
        ("es", "clinician"),
        ("es", "nurse"),
        ("es", "family"),
    ]
    assert [row["section"] for row in answer["rows"]] == ["before", "after", "disclaimer"]
    assert table["after", "es", "family"]["state"] == "missing"
    assert table["after", "es", "family"]["falls_back_to"] == {"locale": "es", "audience": "nurse"}
    assert table["before", "es", "clinician"]["falls_back_to"] == {"locale": "en", "audience": "clinician"}
    assert table["before", "es", "nurse"]["falls_back_to"] == {"locale": "en", "audience": "nurse"}
    present = table["before", "es", "family"]
    assert (present["state"], present["status"], present["revision"], present["stale"]) == (
        "present",
        "under_review",
        1,
        False,
    )
    assert answer["summary"] == {"cells": 18, "present": 12, "approved": 0, "stale": 0, "too_hard": 0, "missing": 6}


def test_the_cli_writes_a_self_contained_page_and_a_line_per_answer(
    partial_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "coverage.html"

    assert cli("coverage", "--html", str(report), "--locale", "es", "--database", partial_store) == 0

    out = capsys.readouterr().out
    assert out == "partial-translation: 12/18 written, 0 approved, 0 stale, 0 too hard, 6 falling back\n"
    page = report.read_text(encoding="utf-8")
    assert page.startswith('<!doctype html>\n<html lang="es"')
    assert "<style>" in page  # opens anywhere, styled
    assert '<link rel="stylesheet"' not in page
    assert "Falta" in page or "Missing" in page
    assert "<a href=" not in page  # no links into a server the file cannot reach


def test_the_api_and_the_page_show_review_state_staleness_and_reading_level(database_url: str) -> None:
    with open_store(database_url, passwords=True) as pages:
        _approve_clinician_twice(pages)
        document = pages.client.get("/api/v1/editorial/coverage", headers=pages.auth("ana"))
        anonymous = pages.client.get("/api/v1/editorial/coverage")
        assert sign_in(pages.client, "ana") == 303
        page = pages.client.get(f"{EDITORIAL}/coverage")

    assert anonymous.status_code == 401
    assert document.headers["cache-control"] == "private, no-store"
    [answer] = [entry for entry in document.json() if entry["slug"] == SLUG]
    table = cells(answer)
    assert table["chemotherapy", "en", "clinician"]["status"] == "approved"
    assert table["chemotherapy", "en", "clinician"]["revision"] == 2
    assert table["chemotherapy", "en", "family"]["stale"] is True
    assert table["chemotherapy", "es", "clinician"]["stale"] is True  # a translation of the English clinician text
    family = table["chemotherapy", "en", "family"]
    assert family["formula"] == "flesch-kincaid-grade"
    assert isinstance(family["reading_level"], float)
    assert family["target"] is not None
    assert family["meets_target"] is True
    # SMOG beside every English level (about 3 grades above FK), none beside the Spanish ones.
    assert float(str(family["smog"])) > float(str(family["reading_level"]))
    assert table["chemotherapy", "es", "family"]["smog"] is None
    # Stale: the English nurse and family texts and the Spanish clinician text; the Spanish nurse and family
    # texts are written from the Spanish clinician text, which has not changed.
    assert answer["summary"]["stale"] == 3 * len(answer["rows"])
    assert table["chemotherapy", "es", "family"]["stale"] is False
    assert page.status_code == 200
    assert page.headers["cache-control"] == "private, no-store"
    assert f'href="{EDITORIAL}/answers/{SLUG}/texts/en/family"' in page.text
    assert "<strong>Stale</strong>" in page.text
    # Each number says what it is, and the legend which way is easier.
    assert f"FK {family['reading_level']} · SMOG {family['smog']}" in page.text
    assert "INFLESZ runs from 0 to 100: higher is easier." in page.text


def _approve_clinician_twice(pages: Store) -> None:
    pages.approve("en", "clinician", 1)
    pages.edit("en", "clinician", *CLAIM_EDIT)
    pages.approve("en", "clinician", 2)
