"""The editorial API on a real SQLite store: tokens, roles, optimistic writes through the gate, review decisions."""

import shutil
from pathlib import Path

import pytest

from tests.helpers import CLAIM_EDIT, PROJECT, SLUG, reader_text, serving, settings_for
from tests.helpers.store import Store

TEXT = f"/api/v1/editorial/answers/{SLUG}/texts/en/family"
PAGE = f"/en/family/answers/{SLUG}"


def family_text(store: Store) -> dict[str, object]:
    document = store.client.get(f"/api/v1/editorial/answers/{SLUG}", headers=store.auth("ana")).json()
    [text] = [text for text in document["texts"] if (text["locale"], text["audience"]) == ("en", "family")]
    return text  # type: ignore[no-any-return]


def test_no_token_or_a_bad_one_is_a_401_problem(store: Store) -> None:
    missing = store.client.get(f"/api/v1/editorial/answers/{SLUG}")
    wrong = store.client.get(f"/api/v1/editorial/answers/{SLUG}", headers={"Authorization": "Bearer nope"})

    for response in (missing, wrong):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["type"] == "/problems/unauthorized"


def test_an_answer_reads_with_every_text_privately(store: Store) -> None:
    response = store.client.get(f"/api/v1/editorial/answers/{SLUG}", headers=store.auth("ben"))
    document = response.json()

    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"
    assert len(document["texts"]) == 6
    assert {text["status"] for text in document["texts"]} == {"submitted"}
    assert all(text["revision"] == 1 and text["author"] is None for text in document["texts"])


def test_a_write_needs_the_current_etag_and_passes_the_gate_or_stores_nothing(store: Store) -> None:
    text = family_text(store)
    markdown = str(text["markdown"])
    changed = markdown.replace("Chemo is strong medicine", "Chemo is a strong medicine")
    dosed = markdown.replace("Chemo is strong medicine", "Your child gets 0.1 mg/kg of morphine every 4 hours")

    no_condition = store.client.put(TEXT, json={"markdown": changed}, headers=store.auth("ana"))
    stale = store.client.put(TEXT, json={"markdown": changed}, headers={**store.auth("ana"), "If-Match": '"stale"'})
    rejected = store.client.put(
        TEXT, json={"markdown": dosed}, headers={**store.auth("ana"), "If-Match": str(text["etag"])}
    )
    reviewer = store.client.put(
        TEXT, json={"markdown": changed}, headers={**store.auth("ben"), "If-Match": str(text["etag"])}
    )
    written = store.client.put(
        TEXT, json={"markdown": changed}, headers={**store.auth("ana"), "If-Match": str(text["etag"])}
    )
    again = store.client.put(
        TEXT, json={"markdown": changed}, headers={**store.auth("ana"), "If-Match": str(text["etag"])}
    )

    assert (no_condition.status_code, no_condition.json()["type"]) == (428, "/problems/precondition-required")
    assert (stale.status_code, stale.json()["type"]) == (412, "/problems/precondition-failed")
    assert rejected.status_code == 422
    findings = rejected.json()["findings"]
    assert {finding["rule"] for finding in findings} == {"number-not-in-clinician"}
    assert all(finding["file"].endswith("en/family.md") and finding["line"] > 0 for finding in findings)
    assert (reviewer.status_code, reviewer.json()["type"]) == (403, "/problems/forbidden")
    assert written.status_code == 201
    assert written.json()["revision"] == 2
    assert written.json()["status"] == "submitted"
    assert written.json()["author"] == "ana"
    assert written.json()["source_revision"] == 1
    assert written.headers["etag"] == written.json()["etag"]
    assert again.status_code == 412  # the ETag read before the write is stale now
    page = store.client.get(PAGE).text
    assert "Chemo is a strong medicine" in reader_text(page)  # readers get it from this process at once
    assert "morphine" not in page


def test_review_decisions_follow_the_states_and_nobody_approves_their_own(store: Store) -> None:
    text = family_text(store)
    markdown = str(text["markdown"]).replace("Chemo is strong medicine", "Chemo is a strong medicine")
    written = store.client.put(
        TEXT, json={"markdown": markdown}, headers={**store.auth("cy"), "If-Match": str(text["etag"])}
    ).json()
    review = f"{TEXT}/revisions/{written['revision']}/review"

    too_early = store.client.post(review, json={"decision": "approve"}, headers=store.auth("ben"))
    by_author = store.client.post(review, json={"decision": "start"}, headers=store.auth("ana"))
    started = store.client.post(review, json={"decision": "start"}, headers=store.auth("ben"))
    own = store.client.post(review, json={"decision": "approve"}, headers=store.auth("cy"))
    approved = store.client.post(review, json={"decision": "approve", "note": "Checked."}, headers=store.auth("ben"))
    after = store.client.post(review, json={"decision": "request-changes"}, headers=store.auth("ben"))

    assert (too_early.status_code, too_early.json()["allowed"]) == (409, ["start"])
    assert too_early.json()["type"] == "/problems/illegal-transition"
    assert (by_author.status_code, by_author.json()["type"]) == (403, "/problems/forbidden")
    assert started.json() == {"revision": 2, "status": "under_review"}
    assert (own.status_code, own.json()["type"]) == (403, "/problems/self-approval")
    assert approved.json() == {"revision": 2, "status": "approved"}
    assert after.status_code == 409
    assert family_text(store)["status"] == "approved"


def test_without_a_store_the_editorial_api_is_read_only(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "variants", content)
    with serving(settings_for(content)) as client:
        response = client.get(f"/api/v1/editorial/answers/{SLUG}", headers={"Authorization": "Bearer x"})

    assert response.status_code == 409
    assert response.json()["type"] == "/problems/read-only-content"


def test_the_queue_and_the_history_follow_the_writes_and_decisions(store: Store) -> None:
    text = family_text(store)
    markdown = str(text["markdown"]).replace("Chemo is strong medicine", "Chemo is a strong medicine")
    store.client.put(TEXT, json={"markdown": markdown}, headers={**store.auth("ana"), "If-Match": str(text["etag"])})
    store.client.post(f"{TEXT}/revisions/2/review", json={"decision": "start"}, headers=store.auth("ben"))
    store.client.post(
        f"{TEXT}/revisions/2/review",
        json={"decision": "request-changes", "note": "Say 'medicine'."},
        headers=store.auth("ben"),
    )

    waiting = store.client.get("/api/v1/editorial/queue", headers=store.auth("ben"))
    changes = store.client.get("/api/v1/editorial/queue?status=changes_requested", headers=store.auth("ben")).json()
    bad = store.client.get("/api/v1/editorial/queue?status=published", headers=store.auth("ben"))
    events = store.client.get(f"/api/v1/editorial/answers/{SLUG}/history", headers=store.auth("ben")).json()

    assert waiting.headers["cache-control"] == "private, no-store"
    # The imported metadata waits for its review too (answer.toml says submitted), before the texts.
    # The glossary (imported with the answer) waits too; this answer's entries are these.
    assert [
        (entry["kind"], entry["locale"], entry["audience"]) for entry in waiting.json() if entry["slug"] == SLUG
    ] == [
        ("metadata", None, None),
        ("text", "en", "clinician"),
        ("text", "en", "nurse"),
        ("text", "es", "clinician"),
        ("text", "es", "family"),
        ("text", "es", "nurse"),
    ]
    assert [(entry["audience"], entry["revision"], entry["author"]) for entry in changes] == [("family", 2, "ana")]
    assert bad.status_code == 400
    assert [event["action"] for event in events][:7] == ["import-metadata"] + ["import-text"] * 6
    assert [(event["actor"], event["action"], event["to_status"]) for event in events[7:]] == [
        ("ana", "write-text", "submitted"),
        ("ben", "review-start", "under_review"),
        ("ben", "review-request-changes", "changes_requested"),
    ]
    assert (events[-1]["from_status"], events[-1]["note"]) == ("under_review", "Say 'medicine'.")


def test_a_newer_approved_source_makes_the_texts_written_from_it_stale(store: Store) -> None:
    clinician = f"/api/v1/editorial/answers/{SLUG}/texts/en/clinician"
    store.approve("en", "clinician", 1)
    assert not any(text["stale"] for text in store.texts().values())  # written against revision 1
    before = store.texts()[("en", "clinician")]
    markdown = str(before["markdown"]).replace(*CLAIM_EDIT)
    written = store.client.put(
        clinician, json={"markdown": markdown}, headers={**store.auth("ana"), "If-Match": str(before["etag"])}
    )
    assert written.status_code == 201
    assert not any(text["stale"] for text in store.texts().values())  # revision 2 is not approved yet
    store.approve("en", "clinician", 2)

    texts = store.texts()
    stale = sorted(key for key, text in texts.items() if text["stale"])
    queued = store.client.get("/api/v1/editorial/queue?status=stale", headers=store.auth("ben")).json()
    nurse = f"/api/v1/editorial/answers/{SLUG}/texts/en/nurse/revisions/1/review"
    confirmed = store.client.post(
        nurse, json={"decision": "still-accurate", "note": "Wording only."}, headers=store.auth("ben")
    )
    again = store.client.post(nurse, json={"decision": "still-accurate"}, headers=store.auth("ben"))

    assert stale == [("en", "family"), ("en", "nurse"), ("es", "clinician")]
    assert sorted((entry["locale"], entry["audience"]) for entry in queued) == stale
    assert confirmed.json() == {"revision": 1, "status": "submitted"}
    assert store.texts()[("en", "nurse")]["stale"] is False
    assert store.texts()[("en", "nurse")]["source_revision"] == 2
    assert again.status_code == 409


def test_nobody_confirms_still_accurate_a_stale_revision_they_wrote(store: Store) -> None:
    """Clearing the stale flag publishes a revision as current again: the two-person rule covers it too."""
    store.edit("en", "nurse", "The regimen with", "The one regimen with", author="cy")  # an admin writes revision 2
    store.approve("en", "clinician", 1)
    clinician = store.edit("en", "clinician", *CLAIM_EDIT)
    store.approve("en", "clinician", clinician["revision"])
    nurse = f"/api/v1/editorial/answers/{SLUG}/texts/en/nurse/revisions/2/review"

    own = store.client.post(nurse, json={"decision": "still-accurate"}, headers=store.auth("cy"))
    other = store.client.post(nurse, json={"decision": "still-accurate"}, headers=store.auth("ben"))

    assert (own.status_code, own.json()["type"]) == (403, "/problems/self-approval")
    assert other.status_code == 200


def test_a_deeply_nested_body_is_a_400_after_the_token_and_never_reaches_the_decoder(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    deep = b"[" * 50_000 + b"]" * 50_000
    headers = {"Content-Type": "application/json", "If-Match": '"x"'}
    answer = f"/api/v1/editorial/answers/{SLUG}"

    stranger = store.client.put(answer, content=deep, headers=headers)
    guessed = store.client.put(answer, content=deep, headers={**headers, "Authorization": "Bearer guess"})
    editor = store.client.put(answer, content=deep, headers={**headers, **store.auth("ana")})
    shallower = b'{"decision": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"  # within the route's 64 KB
    decision = store.client.post(
        f"{TEXT}/revisions/1/review", content=shallower, headers={**headers, **store.auth("ben")}
    )
    # Brackets inside strings are text, not nesting.
    quoted = store.client.post(
        f"{TEXT}/revisions/1/review",
        json={"decision": "start", "note": "[" * 100},
        headers=store.auth("ben"),
    )

    assert (stranger.status_code, guessed.status_code) == (401, 401)  # the body was never read
    assert (editor.status_code, editor.json()["type"]) == (400, "/problems/body-too-deep")
    assert "32 levels" in editor.json()["detail"]
    assert decision.status_code == 400
    assert quoted.status_code == 200
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
