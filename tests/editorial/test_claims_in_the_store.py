"""Claims in the store (both engines): a clinician text may gain a claim before the texts written from it carry it;
a text written after that must carry it, and no write may drop one."""

from collections.abc import Iterator

import pytest

from tests.helpers import FIXTURES
from tests.helpers.editorial_pages import sign_in
from tests.helpers.store import Store, open_store, text_path

ANSWER = "fever-after-chemo"
FAMILY_PAGE = f"/en/family/answers/{ANSWER}"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """The valid fixture (two claims, marked and carried) in a real store."""
    with open_store(database_url, content=FIXTURES / "valid", slug=ANSWER) as opened:
        yield opened


def put(store: Store, locale: str, audience: str, markdown: str) -> tuple[int, list[dict[str, object]]]:
    """Write a text as ana; (status, the findings of a refusal)."""
    etag = str(store.texts()[locale, audience]["etag"])
    response = store.client.put(
        text_path(locale, audience, ANSWER),
        json={"markdown": markdown},
        headers={**store.auth("ana"), "If-Match": etag},
    )
    return response.status_code, response.json().get("findings", []) if response.status_code == 422 else []


def test_no_write_may_drop_a_red_flag_the_text_carries(store: Store) -> None:
    family = str(store.texts()["en", "family"]["markdown"])

    status, findings = put(store, "en", "family", family.replace(" {carries=fever-within-an-hour}", ""))

    assert status == 422
    assert [(finding["rule"], finding["line"]) for finding in findings] == [("claim-not-carried", 1)]
    assert "`fever-within-an-hour`" in str(findings[0]["message"])


def test_a_new_red_flag_is_written_first_and_carried_after(store: Store) -> None:
    # The clinician text makes a fact a red flag: the family texts cannot carry it yet, and are not refused for it.
    store.edit(
        "en",
        "clinician",
        "{claim=antibiotics-within-an-hour kind=key-fact}",
        "{claim=antibiotics-within-an-hour kind=red-flag}",
    )
    page = store.client.get(FAMILY_PAGE)
    assert page.status_code == 200
    assert "medicine to fight germs" in page.text  # the answer is still served, the family text as it was

    # A family text written from now on is held to it ...
    family = str(store.texts()["en", "family"]["markdown"])
    status, findings = put(store, "en", "family", family.replace("germs [2].", "germs quickly [2]."))
    assert status == 422
    assert [finding["rule"] for finding in findings] == ["claim-not-carried"]
    assert "red-flag claim `antibiotics-within-an-hour`" in str(findings[0]["message"])

    # ... and passes once it carries the claim.
    carried = family.replace("germs [2].", "germs [2]. {carries=antibiotics-within-an-hour}")
    assert put(store, "en", "family", carried)[0] == 201


def test_a_claim_removed_from_the_clinician_text_leaves_the_texts_that_carried_it_to_catch_up(store: Store) -> None:
    store.edit("en", "clinician", " {claim=antibiotics-within-an-hour kind=key-fact}", "")

    assert store.client.get(FAMILY_PAGE).status_code == 200
    nurse = str(store.texts()["en", "nurse"]["markdown"])
    status, findings = put(store, "en", "nurse", nurse.replace("Take blood", "Draw blood"))
    assert status == 422  # written now, it may no longer carry a claim that is gone, nor its figure
    assert {finding["rule"] for finding in findings} == {"claim", "figure-not-in-claim"}
    assert "`antibiotics-within-an-hour`" in str(findings[0]["message"])
    caught_up = nurse.replace("within 60 minutes [2]. {carries=antibiotics-within-an-hour}", "quickly [2].")
    assert put(store, "en", "nurse", caught_up)[0] == 201


def test_the_claims_api_lists_each_claim_with_its_source_and_how_every_text_carries_it(store: Store) -> None:
    url = f"/api/v1/editorial/answers/{ANSWER}/claims"
    response = store.client.get(url, headers=store.auth("ben"))

    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"
    fever, antibiotics = response.json()["claims"]
    assert {key: fever[key] for key in ("id", "kind", "section", "line", "source")} == {
        "id": "fever-within-an-hour",
        "kind": "red-flag",
        "section": "when-to-call",
        "line": 3,
        "source": {"citations": [1]},
    }
    carried = {"status": "carried", "lines": [3]}
    assert fever["carried"] == dict.fromkeys(
        ("en/family", "en/nurse", "es/clinician", "es/family", "es/nurse"), carried
    )
    # A key fact need not reach families: only the texts that carry it are listed.
    assert sorted(antibiotics["carried"]) == ["en/nurse", "es/clinician", "es/nurse"]
    assert antibiotics["statement"].startswith("Blood cultures, then empirical")

    store.edit("en", "clinician", "kind=key-fact}", "kind=red-flag source=practice}")
    [_, now] = store.client.get(url, headers=store.auth("ben")).json()["claims"]
    assert now["source"] == "practice"
    assert {text: now["carried"][text]["status"] for text in ("en/family", "es/family", "en/nurse")} == {
        "en/family": "stale",  # written before the claim was one it must carry
        "es/family": "stale",
        "en/nurse": "carried",
    }
    assert store.client.get("/api/v1/editorial/answers/nope/claims", headers=store.auth("ben")).status_code == 404
    assert store.client.get(url).status_code == 401


def test_a_waiver_takes_effect_once_someone_other_than_its_author_approves_it(store: Store) -> None:
    answer = f"/api/v1/editorial/answers/{ANSWER}"
    state = store.client.get(answer, headers=store.auth("ana")).json()
    body = {key: value for key, value in state["metadata"].items() if key != "last_updated"}
    body["waivers"] = [
        {"claim": "fever-within-an-hour", "audience": "family", "locale": "en", "reason": "Said at discharge."}
    ]
    written = store.client.put(answer, json=body, headers={**store.auth("ana"), "If-Match": state["metadata_etag"]})
    assert written.status_code == 200, written.text
    revision = written.json()["metadata_revision"]
    family = str(store.texts()["en", "family"]["markdown"])
    dropped = family.replace(" {carries=fever-within-an-hour}", "")

    status, findings = put(store, "en", "family", dropped)
    assert status == 422  # written, not yet approved
    assert "its waiver takes effect once someone other than its author approves" in str(findings[0]["message"])

    assert store.decide_metadata(revision, "start", reviewer="ben") == 200
    ana_approves = store.client.post(
        f"{answer}/metadata/revisions/{revision}/review", json={"decision": "approve"}, headers=store.auth("ana")
    )
    assert ana_approves.status_code == 403  # its own author
    assert store.decide_metadata(revision, "approve", reviewer="ben") == 200

    assert put(store, "en", "family", dropped)[0] == 201
    claims = store.client.get(f"{answer}/claims", headers=store.auth("ben")).json()["claims"]
    assert claims[0]["carried"]["en/family"] == {"status": "waived", "lines": []}
    assert claims[0]["carried"]["es/family"]["status"] == "carried"


def test_the_parity_page_says_in_words_how_each_text_carries_each_claim(database_url: str) -> None:
    with open_store(database_url, content=FIXTURES / "valid", slug=ANSWER, passwords=True) as store:
        store.edit("en", "clinician", "kind=key-fact}", "kind=red-flag source=practice}")
        assert sign_in(store.client, "ben") == 303

        page = store.client.get(f"/editorial/answers/{ANSWER}/claims")
        spanish = store.client.get(f"/editorial/answers/{ANSWER}/claims", headers={"Accept-Language": "es"}).text
        coverage = store.client.get("/editorial/coverage").text
        store.client.cookies.clear()
        signed_out = store.client.get(f"/editorial/answers/{ANSWER}/claims", follow_redirects=False).status_code

    assert page.status_code == 200
    assert page.headers["cache-control"] == "private, no-store"
    rows = page.text.split("<tr>")[2:]  # after the header row
    fever, antibiotics = rows
    assert "<code>fever-within-an-hour</code>" in fever
    assert "red flag · when-to-call · line 3" in fever
    assert "[1]" in fever
    assert fever.count('parity-carried">\nCarried<') == 5
    assert "general practice" in antibiotics
    assert antibiotics.count("Stale: written before the claim") == 2  # the two family texts
    assert 'class="cell parity-stale"' in antibiotics  # the colour says it again, never alone
    assert "Desactualizado: escrito antes de la afirmación" in spanish
    assert f'href="/editorial/answers/{ANSWER}/claims"' in coverage
    assert signed_out == 303  # to the sign-in page


def test_approving_a_changed_claim_makes_exactly_the_texts_that_carry_it_stale(store: Store) -> None:
    written = store.edit(
        "en", "clinician", "empirical broad-spectrum antibiotics", "empirical wide-spectrum antibiotics"
    )
    assert all(not text["stale"] for text in store.texts().values())  # nothing is stale before an approval

    store.approve("en", "clinician", written["revision"])

    stale = {key: text["stale"] for key, text in store.texts().items()}
    assert stale == {
        ("en", "clinician"): False,
        ("en", "nurse"): True,  # carries antibiotics-within-an-hour
        ("es", "clinician"): True,  # carries it too
        ("en", "family"): False,  # carries only the fever claim, which did not change
        ("es", "nurse"): False,  # written from the Spanish clinician text, which has not changed yet
        ("es", "family"): False,
    }
    history = store.client.get(f"/api/v1/editorial/answers/{ANSWER}/history", headers=store.auth("ben")).json()
    spared = [entry for entry in history if entry["action"] == "claims-unchanged"]
    assert sorted((entry["locale"], entry["audience"]) for entry in spared) == [("en", "family")]
    [spared_family] = spared
    assert spared_family["actor"] == "ben"
    assert "none of the claims it carries changed (changed: antibiotics-within-an-hour)" in spared_family["note"]
    # The texts it made stale say which of their claims changed.
    named = [entry for entry in history if entry["action"] == "claims-changed"]
    assert sorted((entry["locale"], entry["audience"]) for entry in named) == [("en", "nurse"), ("es", "clinician")]
    assert all(entry["note"].endswith("changed claims it carries: antibiotics-within-an-hour") for entry in named)


def test_without_claims_an_approved_change_makes_every_text_written_from_it_stale(database_url: str) -> None:
    with open_store(database_url, content=FIXTURES / "rules" / "claims-not-marked", slug=ANSWER) as store:
        written = store.edit("en", "clinician", "broad-spectrum antibiotics", "wide-spectrum antibiotics")
        store.approve("en", "clinician", written["revision"])

        stale = {key for key, text in store.texts().items() if text["stale"]}

    assert stale == {("en", "nurse"), ("en", "family"), ("es", "clinician")}


def test_the_text_page_lists_the_claims_this_text_must_carry_beside_its_source(database_url: str) -> None:
    with open_store(database_url, content=FIXTURES / "valid", slug=ANSWER, passwords=True) as store:
        assert sign_in(store.client, "ben") == 303
        family = store.client.get(f"/editorial/answers/{ANSWER}/texts/en/family").text
        nurse = store.client.get(f"/editorial/answers/{ANSWER}/texts/en/nurse").text
        clinician = store.client.get(f"/editorial/answers/{ANSWER}/texts/en/clinician").text

    section = family.split('id="claims-heading"', 1)[1].split("</section>", 1)[0]
    assert "<code>fever-within-an-hour</code>" in section
    assert "red flag · when-to-call" in section
    assert "Carried" in section
    assert "antibiotics-within-an-hour" not in section  # a key fact need not reach families
    assert "<code>antibiotics-within-an-hour</code>" in nurse
    assert clinician.count("<code>") >= 2
    assert "line 3" in clinician.split('id="claims-heading"', 1)[1]  # where the clinician text states it
