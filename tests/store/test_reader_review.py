"""What readers get from the store: each text's own review, stale notes, the changes list, the publish modes."""

import datetime
import re
import time
from typing import Any

from babel.dates import format_date

from service.settings import Publish
from tests.helpers import CLAIM_EDIT, SLUG, reader_text
from tests.helpers.store import Store, open_store

TODAY = datetime.datetime.now(datetime.UTC).date().isoformat()
LONG_TODAY = format_date(datetime.datetime.now(datetime.UTC).date(), format="long", locale="en")
FAMILY_SENTENCE = "Chemo is strong medicine"


def answer_json(store: Store, locale: str, audience: str) -> tuple[dict[str, Any], str]:
    response = store.client.get(f"/api/v1/answers/{SLUG}?audience={audience}&locale={locale}")
    assert response.status_code == 200, response.text
    return response.json(), response.headers["etag"]


def sections(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [*document["sections"], document["disclaimer"]]


def page(store: Store, locale: str, audience: str) -> str:
    response = store.client.get(f"/{locale}/{audience}/answers/{SLUG}")
    assert response.status_code == 200
    return response.text


def test_an_approval_reaches_the_readers_of_that_text_and_changes_only_their_renditions(store: Store) -> None:
    store.approve_metadata()  # the question, links and citations: reviewed like a text, shown on every page
    store.approve("en", "family", 1, slug="glossary")  # the definitions beside the text: reviewed like it
    before, family_etag = answer_json(store, "en", "family")
    _, nurse_etag = answer_json(store, "en", "nurse")
    assert before["review"]["status"] == "submitted"
    assert "pending human review" in page(store, "en", "family")

    store.approve("en", "family", 1, "First medical review of the family text.")

    after, family_etag_after = answer_json(store, "en", "family")
    nurse, nurse_etag_after = answer_json(store, "en", "nurse")
    html = page(store, "en", "family")
    assert {(section["review"]["status"], section["review"]["reviewed_on"]) for section in sections(after)} == {
        ("approved", TODAY)
    }
    assert after["review"] == {"status": "approved", "board": None, "reviewed_on": TODAY}
    assert after["changes"] == [
        {"on": TODAY, "audience": "family", "locale": "en", "summary": "First medical review of the family text."}
    ]
    assert family_etag_after != family_etag
    assert nurse_etag_after == nurse_etag  # nothing the nurses read changed
    assert nurse["review"]["status"] == "submitted"
    assert nurse["changes"] == []
    assert "pending human review" not in html
    assert "Changes to this answer" in html
    lists = {
        audience: store.client.get(f"/api/v1/answers?audience={audience}&locale=en").json()["answers"][0]
        for audience in ("family", "nurse")
    }
    assert (lists["family"]["review"]["status"], lists["nurse"]["review"]["status"]) == ("approved", "submitted")
    assert "First medical review of the family text." in html


def test_sections_served_from_texts_in_different_states_say_which_are_pending(store: Store) -> None:
    markdown = str(store.texts()["es", "family"]["markdown"])
    start, end = markdown.index("## Lo que se sabe"), markdown.index("## Medicinas")
    store.write("es", "family", markdown[:start] + markdown[end:])  # `evidence` now falls back to es/nurse
    store.approve("es", "nurse", 1)

    document, _ = answer_json(store, "es", "family")
    html = page(store, "es", "family")

    by_id = {section["id"]: section for section in sections(document)}
    assert (by_id["evidence"]["served_audience"], by_id["evidence"]["review"]["status"]) == ("nurse", "approved")
    assert by_id["chemotherapy"]["review"]["status"] == "submitted"
    assert document["review"]["status"] == "submitted"  # the least advanced
    assert html.count("Esta parte está pendiente de revisión humana.") == 6  # the key points and five sections


def test_a_newer_approved_clinician_text_makes_the_others_stale_for_readers_until_they_catch_up(store: Store) -> None:
    store.approve("en", "clinician", 1)
    assert not any(section["stale"] for section in sections(answer_json(store, "en", "family")[0]))
    store.edit("en", "clinician", *CLAIM_EDIT)
    store.approve("en", "clinician", 2, "Wording.")

    family, _ = answer_json(store, "en", "family")
    assert {(section["stale"], section["stale_since"]) for section in sections(family)} == {(True, TODAY)}
    assert page(store, "en", "family").count(f"version of this part was updated on {LONG_TODAY}") == 7
    assert "this version is being brought up to date" in page(store, "en", "family")
    assert "La versión original de esta parte se actualizó el" in page(store, "es", "clinician")

    assert store.decide("en", "family", 1, "still-accurate", "Only wording changed.") == 200
    assert not any(section["stale"] for section in sections(answer_json(store, "en", "family")[0]))
    assert "version of this part was updated on" not in page(store, "en", "family")


def test_a_request_for_changes_sends_readers_back_to_the_previous_revision(store: Store) -> None:
    written = store.edit("en", "family", FAMILY_SENTENCE, "Chemo is a strong medicine")
    assert "Chemo is a strong medicine" in reader_text(page(store, "en", "family"))

    assert store.decide("en", "family", int(written["revision"]), "start") == 200
    assert store.decide("en", "family", int(written["revision"]), "request-changes", "Keep it short.") == 200

    html = reader_text(page(store, "en", "family"))
    assert FAMILY_SENTENCE in html
    assert "Chemo is a strong medicine" not in html


def test_when_only_approved_texts_are_published_an_answer_waits_for_its_english_texts(database_url: str) -> None:
    with open_store(database_url, publish=Publish.APPROVED) as store:
        assert store.client.get(f"/api/v1/answers/{SLUG}?audience=family&locale=en").status_code == 404
        assert store.client.get("/api/v1/answers?audience=family&locale=en").json()["answers"] == []

        for audience in ("clinician", "nurse", "family"):
            store.approve("en", audience, 1)
        # Every English text is approved, but not the metadata (the question readers would see): not yet.
        assert store.client.get(f"/api/v1/answers/{SLUG}?audience=family&locale=en").status_code == 404
        store.approve_metadata()
        spanish, _ = answer_json(store, "es", "family")
        assert {(section["served_locale"], section["fallback"]) for section in sections(spanish)} == {("en", True)}

        store.edit("en", "family", FAMILY_SENTENCE, "Chemo is a strong medicine")
        assert FAMILY_SENTENCE in reader_text(page(store, "en", "family"))  # revision 2 is not approved yet
        store.approve("en", "family", 2, "Grammar.")
        html = page(store, "en", "family")
        assert "Chemo is a strong medicine" in reader_text(html)
        assert "pending human review" not in html


def test_metrics_say_which_revision_is_served_and_since_when(store: Store) -> None:
    def gauge(name: str) -> float:
        found = re.search(rf"^{name} (\S+)$", store.client.get("/metrics").text, re.MULTILINE)
        assert found is not None, name
        return float(found.group(1))

    before = gauge("tailor_catalog_changed_timestamp_seconds")
    time.sleep(0.05)
    store.approve("en", "family", 1)

    revision = store.client.get("/ready").json()["catalog_revision"]
    assert f'tailor_catalog_info{{revision="{revision}"}} 1.0' in store.client.get("/metrics").text
    assert gauge("tailor_catalog_changed_timestamp_seconds") > before
    assert 0 <= gauge("tailor_catalog_age_seconds") < 5
