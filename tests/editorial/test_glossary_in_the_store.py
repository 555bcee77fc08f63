"""The glossary in the store: its definitions are texts (revisions, review, drift) and its words are metadata."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers import SLUG
from tests.helpers.store import Store, open_store

GLOSSARY = "glossary"
ANSWER = f"/api/v1/editorial/answers/{GLOSSARY}"
CLINICIAN_PLATELETS = "that start clotting and stop bleeding."
FAMILY_PAGE = f"/api/v1/answers/{SLUG}?audience=family&locale=en"


@pytest.fixture
def glossary(database_url: str) -> Iterator[Store]:
    """The bundled store, with the helpers writing and deciding on the glossary's texts."""
    with open_store(database_url, slug=GLOSSARY) as opened:
        yield opened


def _terms(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {term["id"]: term for section in document["sections"] for term in section["terms"]}


def test_a_changed_clinician_definition_makes_the_definitions_written_from_it_stale(glossary: Store) -> None:
    written = glossary.edit(
        "en", "clinician", CLINICIAN_PLATELETS, "that start clotting and stop bleeding from small vessels."
    )
    glossary.approve("en", "clinician", written["revision"], "Where platelets act.")

    stale = {key: text["stale"] for key, text in glossary.texts().items()}
    assert stale[("en", "nurse")] is True  # carries def-platelets, whose statement changed
    assert stale[("en", "family")] is True
    assert stale[("es", "clinician")] is True
    # Readers are told: the family page's definition of platelets is stale, and its review is a text's.
    platelets = _terms(glossary.client.get(FAMILY_PAGE).json())["platelets"]
    assert platelets["stale"] is True
    assert platelets["review"]["status"] == "submitted"
    page = glossary.client.get(f"/en/family/answers/{SLUG}").text
    entry = page[page.index('<dt id="term-supportive-care-platelets">') :].split("</dd>")[0]
    assert "The clinicians' definition was updated since; this one is being brought up to date." in entry.replace(
        "&#39;", "'"
    )


def test_nobody_approves_a_definition_they_wrote(glossary: Store) -> None:
    written = glossary.edit("en", "family", "Tiny cells in the blood", "Very small cells in the blood", author="cy")
    review = f"{ANSWER}/texts/en/family/revisions/{written['revision']}/review"

    assert glossary.decide("en", "family", written["revision"], "start") == 200
    own = glossary.client.post(review, json={"decision": "approve"}, headers=glossary.auth("cy"))
    assert (own.status_code, own.json()["type"]) == (403, "/problems/self-approval")  # cy wrote it
    # The new wording reaches readers as soon as it is submitted (TAILOR_PUBLISH=submitted), marked pending.
    family = glossary.client.get(FAMILY_PAGE).json()
    assert _terms(family)["platelets"]["html"].startswith("<p>Very small cells in the blood")
    assert family["review"]["status"] == "submitted"


def test_a_word_added_through_the_metadata_api_is_marked_on_the_pages(glossary: Store) -> None:
    state = glossary.client.get(ANSWER, headers=glossary.auth("ana")).json()
    metadata = {key: value for key, value in state["metadata"].items() if key != "last_updated"}
    assert metadata["kind"] == "glossary"
    assert metadata["terms"]["hospice"]["en"] == ["hospice care", "hospice"]
    headers = {**glossary.auth("ana"), "If-Match": state["metadata_etag"]}
    counts = metadata["terms"]["blood-counts"]
    terms = {**metadata["terms"], "blood-counts": {**counts, "en": [*counts["en"], "blood cells"]}}

    spleen = {**terms, "spleen": {"en": ["spleen"]}}
    unknown = glossary.client.put(ANSWER, json={**metadata, "terms": spleen}, headers=headers)
    retyped = glossary.client.put(ANSWER, json={**metadata, "kind": "answer"}, headers=headers)
    written = glossary.client.put(ANSWER, json={**metadata, "terms": terms}, headers=headers)

    assert unknown.status_code == 422
    assert any("term `spleen` is not in `sections`" in finding["message"] for finding in unknown.json()["findings"])
    assert retyped.status_code == 400
    assert retyped.json()["type"] == "/problems/invalid-parameter"
    assert written.status_code == 200, written.text
    family = glossary.client.get(FAMILY_PAGE).json()
    key_points = family["sections"][0]
    before = [term["id"] for term in key_points["terms"]]
    assert "blood-counts" in before  # "fewer blood cells" in the family key points


def test_a_definition_approved_in_spanish_changes_only_the_pages_that_show_it(glossary: Store) -> None:
    pages = [
        f"/{locale}/{audience}/answers/{SLUG}"
        for locale, audience in (("es", "family"), ("en", "family"), ("es", "clinician"))
    ]
    before = {path: glossary.client.get(path).headers["etag"] for path in pages}
    english_date = glossary.client.get(FAMILY_PAGE).json()["last_updated"]

    glossary.approve("es", "family", 1, "Revisado.")

    after = {path: glossary.client.get(path).headers["etag"] for path in pages}
    assert after[pages[0]] != before[pages[0]]  # the Spanish family page shows the Spanish family definitions
    assert after[pages[1]] == before[pages[1]]  # the English family page shows the English ones
    assert after[pages[2]] == before[pages[2]]  # a clinician page shows none
    assert glossary.client.get(FAMILY_PAGE).json()["last_updated"] == english_date
    spanish = glossary.client.get(f"/api/v1/answers/{SLUG}?audience=family&locale=es").json()
    assert _terms(spanish)["platelets"]["review"]["status"] == "approved"
