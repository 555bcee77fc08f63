"""An answer's metadata (question, related questions, citations, review board) is reviewed like a text: it
waits in the queue, nobody approves their own, it reaches readers as TAILOR_PUBLISH says, and the rules
that apply to it hold (both engines)."""

from typing import Any

from service.settings import Publish
from tests.helpers import SLUG
from tests.helpers.editorial_pages import sign_in
from tests.helpers.store import Store, open_store

ANSWER = f"/api/v1/editorial/answers/{SLUG}"
READER = f"/api/v1/answers/{SLUG}?audience=clinician&locale=en"  # the clinician question: families have their own
NEW_QUESTION = "Which palliative treatments help children with advanced or refractory neuroblastoma?"


def write_question(store: Store, question: str, *, author: str = "ana") -> dict[str, Any]:
    """A new metadata revision with `question` in English; the response."""
    state = store.client.get(ANSWER, headers=store.auth(author)).json()
    body = {key: value for key, value in state["metadata"].items() if key != "last_updated"}
    body["question"] = {**body["question"], "en": question}
    response = store.client.put(ANSWER, json=body, headers={**store.auth(author), "If-Match": state["metadata_etag"]})
    return {"status": response.status_code, **response.json()}


def metadata_queue(store: Store) -> list[dict[str, Any]]:
    entries = store.client.get("/api/v1/editorial/queue", headers=store.auth("ben")).json()
    return [entry for entry in entries if entry["kind"] == "metadata" and entry["slug"] == SLUG]


def test_a_metadata_revision_waits_in_the_queue_and_nobody_approves_their_own(database_url: str) -> None:
    with open_store(database_url) as store:
        store.approve_metadata()
        assert metadata_queue(store) == []
        written = write_question(store, NEW_QUESTION, author="cy")  # an admin writes, and may review
        revision = written["metadata_revision"]

        [waiting] = metadata_queue(store)
        state = store.client.get(ANSWER, headers=store.auth("ben")).json()
        assert (waiting["slug"], waiting["revision"], waiting["status"], waiting["author"]) == (
            SLUG,
            revision,
            "submitted",
            "cy",
        )
        assert (state["metadata_status"], state["metadata_author"]) == ("submitted", "cy")
        assert store.decide_metadata(revision, "start", reviewer="cy") == 200
        own = store.client.post(
            f"{ANSWER}/metadata/revisions/{revision}/review", json={"decision": "approve"}, headers=store.auth("cy")
        )
        older = store.client.post(
            f"{ANSWER}/metadata/revisions/1/review", json={"decision": "start"}, headers=store.auth("ben")
        )
        author = store.client.post(
            f"{ANSWER}/metadata/revisions/{revision}/review", json={"decision": "approve"}, headers=store.auth("ana")
        )
        assert (own.status_code, own.json()["type"]) == (403, "/problems/self-approval")
        assert older.status_code == 409  # only the newest revision is decided on
        assert author.status_code == 403  # authors do not review
        assert store.decide_metadata(revision, "approve") == 200
        assert metadata_queue(store) == []
        history = store.client.get(f"{ANSWER}/history", headers=store.auth("ben")).json()
        assert [(entry["actor"], entry["action"], entry["to_status"]) for entry in history[-3:]] == [
            ("cy", "write-metadata", "submitted"),
            ("cy", "review-start", "under_review"),
            ("ben", "review-approve", "approved"),
        ]


def test_with_approved_publishing_readers_get_the_question_only_once_it_is_approved(database_url: str) -> None:
    with open_store(database_url, publish=Publish.APPROVED) as store:
        store.approve_metadata()
        for audience in ("clinician", "nurse", "family"):
            store.approve("en", audience, 1)
        before = store.client.get(READER).json()["question"]

        written = write_question(store, NEW_QUESTION)
        pending = store.client.get(READER).json()
        store.approve_metadata(written["metadata_revision"])
        approved = store.client.get(READER).json()

    assert written["status"] == 200
    assert pending["question"] == before != NEW_QUESTION  # the approved revision stays served
    assert approved["question"] == NEW_QUESTION
    assert approved["review"]["status"] == "approved"


def test_with_submitted_publishing_an_unreviewed_question_is_served_marked_pending(store: Store) -> None:
    store.approve_metadata()
    for audience in ("clinician", "nurse", "family"):
        store.approve("en", audience, 1)
    assert store.client.get(READER).json()["review"]["status"] == "approved"

    write_question(store, NEW_QUESTION)
    reader = store.client.get(READER).json()
    page = store.client.get(f"/en/family/answers/{SLUG}").text

    assert reader["question"] == NEW_QUESTION
    # Every text is approved, but the question is not: the page is not called reviewed.
    assert reader["review"]["status"] == "submitted"
    assert "pending human review" in page


def test_a_question_with_a_figure_no_clinician_text_states_is_refused(store: Store) -> None:
    refused = write_question(store, "Is 7 mg/m² of topotecan the palliative dose for children with neuroblastoma?")

    assert refused["status"] == 422
    assert any("question.en" in finding["message"] for finding in refused["findings"])
    assert store.client.get(READER).json()["question"] != NEW_QUESTION


def test_the_metadata_page_shows_the_diff_and_takes_the_decision(database_url: str) -> None:
    with open_store(database_url, passwords=True) as store:
        store.approve_metadata()
        written = write_question(store, NEW_QUESTION)
        assert sign_in(store.client, "ben") == 303

        queue = store.client.get("/editorial/queue").text
        page = store.client.get(f"/editorial/answers/{SLUG}/metadata").text
        token = page.split('name="_csrf_token" value="', 1)[1].split('"', 1)[0]
        decided = store.client.post(
            f"/editorial/answers/{SLUG}/metadata/revisions/{written['metadata_revision']}/review",
            data={"decision": "start", "_csrf_token": token},
            follow_redirects=False,
        )
        status = store.client.get(ANSWER, headers=store.auth("ben")).json()["metadata_status"]

    assert f'href="/editorial/answers/{SLUG}/metadata"' in queue
    assert f"+ en = &#34;{NEW_QUESTION}&#34;" in page  # the diff against the approved revision
    assert 'value="start"' in page
    assert f'action="/editorial/answers/{SLUG}/metadata/revisions/{written["metadata_revision"]}/review"' in page
    assert decided.status_code == 303
    assert status == "under_review"
