"""Writes to an answer itself through the editorial API: its metadata, and its withdrawal and restore."""

from pathlib import Path
from typing import Any

from tests.helpers import PROJECT, SLUG, serving, settings_for
from tests.helpers.store import Store, open_store, text_path

ANSWER = f"/api/v1/editorial/answers/{SLUG}"
READER_JSON = f"/api/v1/answers/{SLUG}?audience=clinician&locale=en"
NEW_QUESTION = "Which palliative treatments help children with advanced or refractory neuroblastoma?"


def state(store: Store) -> dict[str, Any]:
    response = store.client.get(ANSWER, headers=store.auth("ana"))
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def writable(metadata: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in metadata.items() if key != "last_updated"}


def test_metadata_reads_as_json_and_writes_whole_with_the_current_etag(store: Store) -> None:
    before = state(store)
    # RFC 9110: the validator a PUT sends back as If-Match is the GET's ETag header too.
    assert store.client.get(ANSWER, headers=store.auth("ana")).headers["etag"] == before["metadata_etag"]
    body = writable(before["metadata"])
    body["question"] = {**body["question"], "en": NEW_QUESTION}

    no_condition = store.client.put(ANSWER, json=body, headers=store.auth("ana"))
    stale = store.client.put(ANSWER, json=body, headers={**store.auth("ana"), "If-Match": '"old"'})
    reviewer = store.client.put(ANSWER, json=body, headers={**store.auth("ben"), "If-Match": before["metadata_etag"]})
    written = store.client.put(ANSWER, json=body, headers={**store.auth("ana"), "If-Match": before["metadata_etag"]})
    again = store.client.put(ANSWER, json=body, headers={**store.auth("ana"), "If-Match": before["metadata_etag"]})

    assert before["metadata"]["sections"][0] == "evidence"
    assert before["metadata"]["board"] is None
    assert (no_condition.status_code, stale.status_code, reviewer.status_code) == (428, 412, 403)
    assert written.status_code == 200, written.text
    assert written.headers["cache-control"] == "private, no-store"
    assert written.json()["metadata_revision"] == before["metadata_revision"] + 1
    assert written.headers["etag"] == written.json()["metadata_etag"] == state(store)["metadata_etag"]
    assert again.status_code == 412
    reader = store.client.get(READER_JSON).json()
    assert reader["question"] == NEW_QUESTION  # served by this process at once
    assert reader["last_updated"] == written.json()["metadata"]["last_updated"]
    assert f'en = "{NEW_QUESTION}"' in state(store)["metadata_toml"]
    history = store.client.get(f"{ANSWER}/history", headers=store.auth("ben")).json()
    assert (history[-1]["actor"], history[-1]["action"]) == ("ana", "write-metadata")


def test_metadata_that_breaks_a_rule_with_the_current_texts_is_refused_and_nothing_is_stored(store: Store) -> None:
    before = state(store)
    without_section = {**writable(before["metadata"]), "sections": before["metadata"]["sections"][1:]}
    without_citations = {**writable(before["metadata"]), "citations": []}
    headers = {**store.auth("ana"), "If-Match": before["metadata_etag"]}

    section = store.client.put(ANSWER, json=without_section, headers=headers)
    citations = store.client.put(ANSWER, json=without_citations, headers=headers)
    both = {"slug": SLUG, "question": {"en": "Another question?"}}
    related = store.client.put(
        ANSWER,
        json={**writable(before["metadata"]), "related": [*before["metadata"]["related"], both]},
        headers=headers,
    )
    unknown = store.client.put(ANSWER, json={**without_section, "slug": "other"}, headers=headers)
    empty = store.client.put(ANSWER, json={**without_section, "sections": []}, headers=headers)

    assert section.status_code == 422
    assert {finding["rule"] for finding in section.json()["findings"]} == {"unknown-section"}
    assert citations.status_code == 422
    assert {finding["rule"] for finding in citations.json()["findings"]} == {"undefined-citation"}
    assert related.status_code == 422
    assert [finding["message"] for finding in related.json()["findings"]] == [
        "a related entry has either `slug` or `question`, not both and not neither"
        f" - at `$.related[{len(before['metadata']['related'])}]`"
    ]
    assert unknown.status_code == 400
    assert unknown.json()["invalid"] == [{"message": "Object contains unknown field `slug`", "source": "body"}]
    assert empty.status_code == 400
    assert "length >= 1" in empty.json()["invalid"][0]["message"]
    assert state(store)["metadata_revision"] == before["metadata_revision"]


def test_an_admin_withdraws_an_answer_from_readers_and_restores_it(store: Store, database_url: str) -> None:
    publication = f"{ANSWER}/publication"
    by_author = store.client.post(publication, json={"decision": "withdraw"}, headers=store.auth("ana"))
    withdrawn = store.client.post(
        publication, json={"decision": "withdraw", "note": "Under legal review."}, headers=store.auth("cy")
    )
    twice = store.client.post(publication, json={"decision": "withdraw"}, headers=store.auth("cy"))
    meanwhile = state(store)
    metadata_write = store.client.put(
        ANSWER,
        json=writable(meanwhile["metadata"]),
        headers={**store.auth("ana"), "If-Match": meanwhile["metadata_etag"]},
    )

    assert (by_author.status_code, by_author.json()["type"]) == (403, "/problems/forbidden")
    assert withdrawn.json() == {"metadata_revision": 2, "withdrawn": True}
    assert store.client.get(READER_JSON).status_code == 404
    assert store.client.get("/api/v1/answers?audience=clinician&locale=en").json()["answers"] == []
    assert store.client.get(f"/en/family/answers/{SLUG}").status_code == 404
    assert (twice.status_code, twice.json()["allowed"]) == (409, ["restore"])
    assert meanwhile["withdrawn"] is True
    assert metadata_write.status_code == 409
    with serving(settings_for(PROJECT / "variants", database_url=database_url)) as fresh:
        assert fresh.get(READER_JSON).status_code == 404  # a new process reads the withdrawal from the store

    restored = store.client.post(publication, json={"decision": "restore"}, headers=store.auth("cy"))

    assert restored.json() == {"metadata_revision": 3, "withdrawn": False}
    assert store.client.get(READER_JSON).status_code == 200
    history = store.client.get(f"{ANSWER}/history", headers=store.auth("ben")).json()
    assert [(entry["actor"], entry["action"], entry["note"]) for entry in history[-2:]] == [
        ("cy", "withdraw", "Under legal review."),
        ("cy", "restore", None),
    ]


def test_a_metadata_write_is_held_to_the_servers_targets_as_a_text_write_is(database_url: str, tmp_path: Path) -> None:
    """One gate for every write: under strict `TAILOR_TARGETS`, a metadata write that would leave the answer's
    texts beyond them is refused just as a write of one of those texts is (it used to be checked against the
    built-in targets, and pass)."""
    strict = tmp_path / "targets.toml"
    strict.write_text("[en]\nfamily = 1\n\n[es]\n", encoding="utf-8")  # no family text of the answer reads at grade 1
    with open_store(database_url, reading_targets=strict) as store:
        before = state(store)
        family = str(store.texts()["en", "family"]["markdown"])
        text = store.client.put(
            text_path("en", "family"),
            json={"markdown": family + "\nOne more plain line.\n"},
            headers={**store.auth("ana"), "If-Match": str(store.texts()["en", "family"]["etag"])},
        )
        body = {**writable(before["metadata"]), "question": {**before["metadata"]["question"], "en": NEW_QUESTION}}
        metadata = store.client.put(
            ANSWER, json=body, headers={**store.auth("ana"), "If-Match": before["metadata_etag"]}
        )

        assert text.status_code == 422, text.text
        assert metadata.status_code == 422, metadata.text
        assert {finding["rule"] for finding in metadata.json()["findings"]} >= {"reading-level"}
        assert state(store)["metadata_revision"] == before["metadata_revision"]


def test_the_family_question_is_written_through_the_api_and_gated_like_a_text(store: Store) -> None:
    before = state(store)
    metadata = writable(before["metadata"])
    assert set(metadata["questions"]) == {"nurse", "family"}  # as the bundled answer.toml asks them
    headers = {**store.auth("ana"), "If-Match": before["metadata_etag"]}
    clinician_worded = metadata["question"]["en"]

    hard = store.client.put(
        ANSWER,
        json={**metadata, "questions": {**metadata["questions"], "family": {"en": clinician_worded}}},
        headers=headers,
    )
    clinician = store.client.put(
        ANSWER, json={**metadata, "questions": {"clinician": {"en": "Which treatments?"}}}, headers=headers
    )
    plain = store.client.put(
        ANSWER,
        json={**metadata, "questions": {**metadata["questions"], "family": {"en": "How can we help our child?"}}},
        headers=headers,
    )

    assert hard.status_code == 422
    assert [finding["rule"] for finding in hard.json()["findings"]] == ["reading-level"]
    assert "questions.family.en" in hard.json()["findings"][0]["message"]
    assert clinician.status_code == 400  # the clinician question is `question`: the schema names no other
    assert plain.status_code == 200, plain.text
    assert plain.json()["metadata"]["questions"]["family"] == {"en": "How can we help our child?"}
    family = store.client.get(f"/api/v1/answers/{SLUG}?audience=family&locale=en").json()
    assert family["question"] == "How can we help our child?"


def test_the_review_board_is_written_per_locale_through_the_api(store: Store) -> None:
    before = state(store)
    metadata = writable(before["metadata"])
    board = {"en": "Paediatric Palliative Care Board", "es": "Comité de Cuidados Paliativos Pediátricos"}
    headers = {**store.auth("ana"), "If-Match": before["metadata_etag"]}

    written = store.client.put(ANSWER, json={**metadata, "board": board}, headers=headers)

    assert written.status_code == 200, written.text
    assert written.json()["metadata"]["board"] == board
    spanish = store.client.get(f"/api/v1/answers/{SLUG}?audience=family&locale=es").json()
    assert spanish["review"]["board"] == "Comité de Cuidados Paliativos Pediátricos"
    assert "[review.board]" in state(store)["metadata_toml"]


def test_a_board_name_per_locale_that_breaks_a_rule_is_a_finding(store: Store) -> None:
    before = state(store)
    metadata = writable(before["metadata"])
    headers = {**store.auth("ana"), "If-Match": before["metadata_etag"]}

    empty = store.client.put(ANSWER, json={**metadata, "board": {"en": ""}}, headers=headers)
    no_default = store.client.put(ANSWER, json={**metadata, "board": {"es": "Comité"}}, headers=headers)

    assert empty.status_code == 422, empty.text
    assert no_default.status_code == 422, no_default.text
    assert "needs a name in the default locale" in no_default.json()["findings"][0]["message"]


def test_an_empty_or_long_board_name_is_a_finding(store: Store) -> None:
    before = state(store)
    metadata = writable(before["metadata"])
    headers = {**store.auth("ana"), "If-Match": before["metadata_etag"]}

    for board in ("", "B" * 201):
        refused = store.client.put(ANSWER, json={**metadata, "board": board}, headers=headers)
        assert refused.status_code == 422, refused.text
        assert refused.json()["findings"][0]["rule"] == "metadata"
