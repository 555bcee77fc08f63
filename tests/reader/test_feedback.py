"""Readers' feedback: a plain form on every answer, kept in the store with what the reader saw, for editors."""

import re

import pytest

from tests.helpers import SLUG
from tests.helpers.editorial_pages import EDITORIAL, sign_in
from tests.helpers.sql import execute, rows
from tests.helpers.store import Store, open_store

PAGE = f"/es/family/answers/{SLUG}"


def sent(pages: Store, **fields: str) -> tuple[int, str | None]:
    form = {"slug": SLUG, "audience": "family", "locale": "es", "revision": "r1", "kind": "question", **fields}
    response = pages.client.post("/feedback", data=form, follow_redirects=False)
    return response.status_code, response.headers.get("location")


def test_every_answer_and_section_offers_a_way_to_ask_or_report(store: Store) -> None:
    page = store.client.get(PAGE).text

    assert 'action="/feedback"' in page
    assert '<input type="hidden" name="slug" value="palliative-neuroblastoma">' in page
    sections = re.findall(r'id="section-([a-z-]+)"', page)
    reports = re.findall(rf'href="{PAGE}/feedback\?section=([a-z-]+)"', page)
    assert reports == sections


def test_a_message_is_kept_with_what_the_reader_saw_and_nothing_is_set(store: Store) -> None:
    form = store.client.get(f"{PAGE}/feedback", params={"section": "chemotherapy"})
    status, location = sent(
        store,
        kind="problem",
        section="chemotherapy",
        message="¿Cada cuánto se repite? <script>alert(1)</script>",
        contact="ana@example.org",
    )
    landing = store.client.get(str(location))

    assert form.status_code == 200
    assert "Medicinas para reducir el tumor" in form.text
    assert (status, location) == (303, f"/es/family/feedback/sent?answer={SLUG}")
    assert landing.status_code == 200
    assert f'href="{PAGE}"' in landing.text  # the way back
    assert store.client.cookies == {}  # readers get no cookie, here or anywhere
    [stored] = rows(
        store.database_url, "select kind, section, audience, locale, revision, message, contact from feedback"
    )
    assert stored == (
        "problem", "chemotherapy", "family", "es", "r1", "¿Cada cuánto se repite? <script>alert(1)</script>", "ana@example.org"
    )  # fmt: skip
    listed = store.client.get("/api/v1/editorial/feedback", headers=store.auth("ben")).json()
    assert [(entry["slug"], entry["section"], entry["kind"]) for entry in listed] == [(SLUG, "chemotherapy", "problem")]
    assert store.client.get("/api/v1/editorial/feedback").status_code == 401


def test_editors_read_messages_escaped(database_url: str) -> None:
    with open_store(database_url, passwords=True) as pages:
        sent(pages, message="<script>alert(1)</script> ¿dosis?")
        assert sign_in(pages.client, "ben") == 303
        page = pages.client.get(f"{EDITORIAL}/feedback").text

    assert "&lt;script&gt;alert(1)&lt;/script&gt; ¿dosis?" in page
    assert "<script>" not in page


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"message": "   "}, "Write your question or what is wrong."),
        ({"message": "x" * 2001}, "A message has at most 2,000 characters."),
        ({"message": "ok", "contact": "y" * 201}, "A way to reach you has at most 200 characters."),
    ],
)
def test_an_empty_or_oversized_message_is_refused_with_the_reason(
    store: Store, fields: dict[str, str], problem: str
) -> None:
    response = store.client.post(
        "/feedback", data={"slug": SLUG, "audience": "family", "locale": "en", "revision": "r1", **fields}
    )

    assert response.status_code == 400
    assert problem in response.text
    assert rows(store.database_url, "select count(*) from feedback") == [(0,)]


def test_a_robot_filling_the_hidden_field_is_thanked_and_ignored(store: Store) -> None:
    assert sent(store, message="Buy now", website="https://spam.example")[0] == 303
    assert rows(store.database_url, "select count(*) from feedback") == [(0,)]


def test_a_flood_from_one_address_is_slowed_to_a_429(store: Store) -> None:
    statuses = [sent(store, message=f"Question {number}")[0] for number in range(7)]

    assert statuses[:5] == [303] * 5
    assert statuses[5:] == [429, 429]
    assert rows(store.database_url, "select count(*) from feedback") == [(5,)]


def test_an_unknown_answer_or_audience_is_refused(store: Store) -> None:
    assert sent(store, slug="no-such-answer", message="?")[0] == 404
    assert sent(store, audience="doctor", message="?")[0] == 400


def test_a_hostile_page_cannot_send_feedback_in_a_readers_name(store: Store) -> None:
    form = {"slug": SLUG, "audience": "family", "locale": "en", "message": "Sent from elsewhere"}
    hostile = store.client.post(
        "/feedback",
        data=form,
        headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
        follow_redirects=False,
    )
    ours = store.client.post(
        "/feedback",
        data=form,
        headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver.local"},
        follow_redirects=False,
    )
    messages = store.client.get("/api/v1/editorial/feedback", headers=store.auth("ben")).json()

    assert hostile.status_code == 403
    assert ours.status_code == 303
    assert len(messages) == 1


def test_a_readers_contact_is_for_reviewers_only_and_erased_after_the_retention(database_url: str) -> None:
    with open_store(database_url, feedback_contact_days=30) as store:
        sent = {"slug": SLUG, "audience": "family", "locale": "en", "message": "Who do I call?"}
        assert store.client.post("/feedback", data={**sent, "contact": "old@example.org"}).status_code == 200
        # A message from long before the retention, as the store would hold it.
        execute(store.database_url, "update feedback set created_at = '2020-01-01 00:00:00.000000'")
        by_author = store.client.get("/api/v1/editorial/feedback", headers=store.auth("ana")).json()
        by_reviewer = store.client.get("/api/v1/editorial/feedback", headers=store.auth("ben")).json()
        # The next message erases contacts older than the retention.
        assert store.client.post("/feedback", data={**sent, "contact": "new@example.org"}).status_code == 200
        kept = rows(store.database_url, "select message, contact from feedback order by id")

    assert [entry["contact"] for entry in by_author] == [None]
    assert [entry["contact"] for entry in by_reviewer] == ["old@example.org"]
    assert kept == [("Who do I call?", None), ("Who do I call?", "new@example.org")]
