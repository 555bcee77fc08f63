"""Named reviewers: an editor's display name and credential, recorded by each approval and shown to readers."""

import datetime
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SLUG, cli, reader_text
from tests.helpers.editorial_pages import EDITORIAL, form_token, sign_in
from tests.helpers.store import Store, open_store

BEN = ("--display-name", "Ben Ortiz", "--credential", "MD, paediatric oncology")


def _tailor(*arguments: str) -> subprocess.CompletedProcess[str]:
    """The command as an operator runs it (its output is what is checked)."""
    command = [sys.executable, "-m", "service.cli.main", *arguments]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def _json(store: Store, locale: str, audience: str) -> dict[str, Any]:
    response = store.client.get(f"/api/v1/answers/{SLUG}?audience={audience}&locale={locale}")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _page(store: Store, locale: str, audience: str) -> str:
    return reader_text(store.client.get(f"/{locale}/{audience}/answers/{SLUG}").text)


def test_users_get_a_public_profile_from_the_command_line(store_url: str) -> None:
    added = _tailor("users", "add", "dana", "--role", "reviewer", *BEN, "--database", store_url)
    hidden = _tailor("users", "set-profile", "dana", "--no-named-publicly", "--database", store_url)
    listed = _tailor("users", "list", "--database", store_url)
    too_long = _tailor("users", "set-profile", "dana", "--credential", "x" * 201, "--database", store_url)
    nobody = _tailor("users", "set-profile", "nobody", "--display-name", "N", "--database", store_url)

    assert added.returncode == 0, added.stderr
    assert len(added.stdout.strip()) >= 40  # the token, alone
    assert hidden.returncode == 0
    assert "readers are told their role (reviewer) on dana's approvals" in hidden.stderr
    [line] = [line for line in listed.stdout.splitlines() if line.startswith("dana\t")]
    assert line.endswith("their role (reviewer)")
    assert (too_long.returncode, too_long.stderr.strip()) == (
        1,
        "tailor users: the credential is at most 200 characters",
    )
    assert nobody.returncode == 1
    shown = _tailor("users", "set-profile", "dana", "--named-publicly", "--database", store_url)
    assert 'readers are told "Ben Ortiz, MD, paediatric oncology" on dana\'s approvals' in shown.stderr


def test_an_approval_names_its_reviewer_as_they_were_then_on_the_page_and_in_the_json(store: Store) -> None:
    assert cli("users", "set-profile", "ben", *BEN, "--database", store.database_url) == 0
    store.approve("en", "family", 1)
    assert cli("users", "set-profile", "ben", "--display-name", "Benjamin Ortiz", "--database", store.database_url) == 0

    family = _json(store, "en", "family")
    chemotherapy = {section["id"]: section for section in family["sections"]}["chemotherapy"]
    [approval] = family["approvals"]

    expected = {"role": "reviewer", "name": "Ben Ortiz", "credential": "MD, paediatric oncology"}
    assert chemotherapy["reviewed_by"] == expected  # as recorded at the approval, not as the profile is now
    assert approval["reviewed_by"] == expected
    assert (approval["audience"], approval["locale"]) == ("family", "en")
    assert approval["reviewed_on"] == chemotherapy["review"]["reviewed_on"]
    assert f"Reviewed by Ben Ortiz, MD, paediatric oncology, on {_long(approval['reviewed_on'])}." in _page(
        store, "en", "family"
    )
    assert "Benjamin" not in _page(store, "en", "family")
    nurse = _json(store, "en", "nurse")
    assert nurse["approvals"] == []  # not approved: nobody is named
    assert all(section["reviewed_by"] is None for section in nurse["sections"])


def test_a_reviewer_not_named_publicly_is_shown_by_role_in_the_readers_language(store: Store) -> None:
    private = ("--display-name", "Cy Private", "--credential", "RN", "--no-named-publicly")
    assert cli("users", "set-profile", "cy", *private, "--database", store.database_url) == 0
    store.approve("es", "family", 1)

    spanish = _json(store, "es", "family")
    page = store.client.get(f"/es/family/answers/{SLUG}").text

    assert [approval["reviewed_by"] for approval in spanish["approvals"]] == [
        {"role": "reviewer", "name": None, "credential": None}  # ben approved: his role, no name set
    ]
    assert "Revisado por un revisor médico del equipo editorial el" in reader_text(page)
    review = f"/api/v1/editorial/answers/{SLUG}/texts/es/nurse/revisions/1/review"
    for decision in ("start", "approve"):
        answered = store.client.post(review, json={"decision": decision}, headers=store.auth("cy"))
        assert answered.status_code == 200
    nurse = store.client.get(f"/es/nurse/answers/{SLUG}").text
    assert "Revisado por un editor del equipo editorial el" in reader_text(nurse)
    assert "Cy Private" not in nurse
    assert "Cy Private" not in store.client.get(f"/api/v1/answers/{SLUG}?audience=nurse&locale=es").text


def _long(iso: str) -> str:
    """`2026-12-08` as English pages write it."""
    day = datetime.date.fromisoformat(iso)
    return f"{day:%B} {day.day}, {day.year}"


@pytest.fixture
def pages(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite+aiosqlite:///{tmp_path / 'tailor.db'}", passwords=True) as opened:
        yield opened


def test_an_editor_sets_their_profile_on_the_editorial_pages(pages: Store) -> None:
    assert sign_in(pages.client, "ben") == 303
    form = pages.client.get(f"{EDITORIAL}/profile")
    assert form.headers["cache-control"] == "private, no-store"
    token = form_token(form.text)
    fields = {"display_name": "  Ben   Ortiz ", "credential": "MD, paediatric oncology", "named_publicly": "yes"}

    refused = pages.client.post(f"{EDITORIAL}/profile", data=fields, follow_redirects=False)
    too_long = pages.client.post(
        f"{EDITORIAL}/profile", data={**fields, "display_name": "B" * 121, "_csrf_token": token}, follow_redirects=False
    )
    saved = pages.client.post(f"{EDITORIAL}/profile", data={**fields, "_csrf_token": token}, follow_redirects=False)

    assert refused.status_code == 403  # no CSRF token
    assert too_long.status_code == 400
    assert "“Display name” is at most 120 characters." in too_long.text
    assert (saved.status_code, saved.headers["location"]) == (303, f"{EDITORIAL}/profile?done=saved")
    again = pages.client.get(saved.headers["location"]).text
    assert "Your profile is saved." in again
    assert 'value="Ben Ortiz"' in again  # spacing tidied, as readers will see it
    assert 'id="named-publicly" name="named_publicly" value="yes" checked' in again
    pages.approve("en", "nurse", 1)
    assert "Reviewed by Ben Ortiz, MD, paediatric oncology, on" in _page(pages, "en", "nurse")
