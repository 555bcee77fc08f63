"""The editorial pages on a real store, as a browser without JavaScript uses them: sign-in, sessions, CSRF,
the queue, a text beside its source, decisions, editing through the gate, coverage."""

import hashlib
import logging
from collections.abc import Iterator

import pytest

from tests.helpers import CLAIM_EDIT, SLUG, cli, reader_text
from tests.helpers.editorial_pages import EDITORIAL, decisions, field, form_token, sign_in
from tests.helpers.sql import execute, rows
from tests.helpers.store import PASSWORD, Store, open_store

TEXT_PAGE = f"{EDITORIAL}/answers/{SLUG}/texts/en/family"
READER_PAGE = f"/en/family/answers/{SLUG}"


@pytest.fixture
def pages(database_url: str) -> Iterator[Store]:
    """A store whose users have passwords, served in this process."""
    with open_store(database_url, passwords=True) as opened:
        yield opened


def test_a_page_without_a_session_leads_to_sign_in_and_back(pages: Store) -> None:
    asked = pages.client.get(f"{EDITORIAL}/queue?locale=es", follow_redirects=False)
    login = pages.client.get(asked.headers["location"])

    assert asked.status_code == 303
    assert asked.headers["location"] == f"{EDITORIAL}/login?next=%2Feditorial%2Fqueue%3Flocale%3Des"
    assert asked.headers["cache-control"] == "private, no-store"
    sign_in_form = login.text[login.text.index(f'action="{EDITORIAL}/login"') :]  # not the language control's
    assert field(sign_in_form, "next") == f"{EDITORIAL}/queue?locale=es"
    signed_in = pages.client.post(
        f"{EDITORIAL}/login",
        data={
            "name": "ben",
            "password": PASSWORD,
            "next": field(sign_in_form, "next"),
            "_csrf_token": form_token(login.text),
        },
        follow_redirects=False,
    )
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == f"{EDITORIAL}/queue?locale=es"
    queue = pages.client.get(signed_in.headers["location"])
    assert queue.status_code == 200
    assert "Signed in as ben" in queue.text


def test_sign_in_sets_a_strict_session_cookie_for_the_editorial_pages_only(pages: Store) -> None:
    token = form_token(pages.client.get(f"{EDITORIAL}/login").text)
    response = pages.client.post(
        f"{EDITORIAL}/login", data={"name": "ana", "password": PASSWORD, "_csrf_token": token}, follow_redirects=False
    )
    cookie = next(value for value in response.headers.get_list("set-cookie") if value.startswith("tailor-editorial="))

    assert response.status_code == 303
    assert "Path=/editorial" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Secure" not in cookie  # plain HTTP here: a Secure cookie would never come back
    [(sessions,)] = rows(pages.database_url, "SELECT count(*) FROM editorial_sessions")
    assert sessions == 1


def test_visitors_of_the_sign_in_page_leave_no_session_behind(pages: Store) -> None:
    for _ in range(3):
        response = pages.client.get(f"{EDITORIAL}/login")
        assert not any(value.startswith("tailor-editorial=") for value in response.headers.get_list("set-cookie"))

    assert rows(pages.database_url, "SELECT count(*) FROM editorial_sessions") == [(0,)]


def test_over_https_every_editorial_cookie_is_secure(database_url: str) -> None:
    with open_store(database_url, passwords=True, base_url="https://testserver.local") as secure:
        login = secure.client.get(f"{EDITORIAL}/login")
        signed_in = secure.client.post(
            f"{EDITORIAL}/login",
            data={"name": "ana", "password": PASSWORD, "_csrf_token": form_token(login.text)},
            follow_redirects=False,
        )

    cookies = [*login.headers.get_list("set-cookie"), *signed_in.headers.get_list("set-cookie")]
    assert {cookie.split("=", 1)[0] for cookie in cookies} == {"tailor-editorial-csrf", "tailor-editorial"}
    assert all(cookie.endswith("; Secure") for cookie in cookies)


def test_a_wrong_password_is_refused_slowly_and_logged_without_it(
    pages: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="service.editorial.pages"):
        refused = sign_in(pages.client, "ana", "not the password at all")
        unknown = sign_in(pages.client, "nobody", "not the password at all")
        # A password typed into the name field, as happens: never written down.
        misplaced = sign_in(pages.client, "my secret phrase 42", "")

    assert (refused, unknown, misplaced) == (401, 401, 401)
    assert pages.client.get(f"{EDITORIAL}/queue", follow_redirects=False).status_code == 303
    logged = [record.getMessage() for record in caplog.records]
    assert any("sign-in failed for 'ana'" in message for message in logged)
    assert not any("not the password" in message for message in logged)
    assert not any("my secret phrase" in message or "nobody" in message for message in logged)
    assert sum("a name no editor has" in message for message in logged) == 2


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(pages: Store) -> None:
    assert sign_in(pages.client, "ben") == 303
    before = pages.texts()["en", "family"]["status"]

    response = pages.client.post(f"{TEXT_PAGE}/revisions/1/review", data={"decision": "start"})
    forged = pages.client.post(f"{TEXT_PAGE}/revisions/1/review", data={"decision": "start", "_csrf_token": "0" * 128})

    assert response.status_code == 403
    assert forged.status_code == 403
    assert "Form not accepted" in response.text
    assert "Reload the page and send the form again." in forged.text
    assert pages.texts()["en", "family"]["status"] == before == "submitted"


def test_reader_pages_never_set_or_vary_on_the_editorial_cookies(pages: Store) -> None:
    assert sign_in(pages.client, "ben") == 303
    cookies = "; ".join(f"{name}={value}" for name, value in pages.client.cookies.items())

    response = pages.client.get(READER_PAGE, headers={"Cookie": cookies})

    assert response.status_code == 200
    assert "set-cookie" not in response.headers
    assert "cookie" not in response.headers.get("vary", "").lower()
    assert response.headers["cache-control"].startswith("public")


def test_signing_out_or_revoking_the_user_ends_the_session(pages: Store) -> None:
    assert sign_in(pages.client, "ana") == 303
    queue = pages.client.get(f"{EDITORIAL}/queue")
    signed_out = pages.client.post(f"{EDITORIAL}/logout", data={"_csrf_token": form_token(queue.text)})
    assert signed_out.url.path == f"{EDITORIAL}/login"
    assert pages.client.get(f"{EDITORIAL}/queue", follow_redirects=False).status_code == 303

    assert sign_in(pages.client, "ana") == 303
    assert pages.client.get(f"{EDITORIAL}/queue").status_code == 200
    assert cli("users", "revoke", "ana", "--database", pages.database_url) == 0
    assert pages.client.get(f"{EDITORIAL}/queue", follow_redirects=False).status_code == 303
    assert sign_in(pages.client, "ana") == 401


def test_an_expired_session_leads_to_sign_in(pages: Store) -> None:
    assert sign_in(pages.client, "ana") == 303
    assert execute(pages.database_url, "UPDATE editorial_sessions SET expires_at = '2000-01-01 00:00:00'") == 1

    assert pages.client.get(f"{EDITORIAL}/queue", follow_redirects=False).status_code == 303
    assert rows(pages.database_url, "SELECT count(*) FROM editorial_sessions") == [(0,)]


def edit_form(store: Store) -> tuple[str, str, str]:
    """The edit form of the English family text: (its Markdown, the ETag it carries, its CSRF token)."""
    page = store.client.get(f"{TEXT_PAGE}/edit").text
    return field(page, "markdown"), field(page, "etag"), form_token(page)


def test_an_edit_is_previewed_with_findings_at_their_lines_and_refused_until_fixed(pages: Store) -> None:
    assert sign_in(pages.client, "ana") == 303
    markdown, etag, token = edit_form(pages)
    dosed = markdown.replace(
        "Chemo is strong medicine", "Your child gets 0.1 mg/kg every 4 hours. Chemo is strong medicine"
    )
    line = dosed.splitlines().index(next(line for line in dosed.splitlines() if "0.1 mg/kg" in line)) + 1

    preview = pages.client.post(
        f"{TEXT_PAGE}/edit",
        data={"markdown": dosed.replace("\n", "\r\n"), "etag": etag, "action": "preview", "_csrf_token": token},
    )
    refused = pages.client.post(
        f"{TEXT_PAGE}/edit", data={"markdown": dosed, "etag": etag, "action": "save", "_csrf_token": token}
    )

    for response in (preview, refused):
        assert f"Error, line {line}</strong> (number-not-in-clinician)" in response.text
        assert "0.1 mg/kg every 4 hours" in response.text  # the line itself, and the text kept in the form
    assert preview.status_code == 200
    assert '<h2 id="preview-heading">Preview</h2>' in preview.text
    assert refused.status_code == 422
    assert "Content rejected" in refused.text
    assert pages.texts()["en", "family"]["revision"] == 1

    fixed = markdown.replace("Chemo is strong medicine", "Chemo is a strong medicine")
    saved = pages.client.post(
        f"{TEXT_PAGE}/edit",
        data={"markdown": fixed.replace("\n", "\r\n"), "etag": etag, "action": "save", "_csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"{TEXT_PAGE}?done=saved"
    stored = pages.texts()["en", "family"]
    assert (stored["revision"], stored["author"], stored["status"]) == (2, "ana", "submitted")
    assert stored["markdown"] == fixed  # line endings as authors write them, not as browsers send them
    again = pages.client.post(
        f"{TEXT_PAGE}/edit", data={"markdown": fixed, "etag": etag, "action": "save", "_csrf_token": token}
    )
    assert again.status_code == 412  # the form was for revision 1
    assert "Changed meanwhile" in again.text


def test_an_author_may_not_decide_and_readers_of_the_page_see_why(pages: Store) -> None:
    assert sign_in(pages.client, "ana") == 303
    page = pages.client.get(TEXT_PAGE).text

    forged = pages.client.post(
        f"{TEXT_PAGE}/revisions/1/review", data={"decision": "start", "_csrf_token": form_token(page)}
    )

    assert decisions(page) == []
    assert "Reviewers and administrators decide on revisions." in page
    assert forged.status_code == 403
    assert "Not allowed" in forged.text
    assert pages.texts()["en", "family"]["status"] == "submitted"


def test_nobody_approves_their_own_revision_from_the_page(pages: Store) -> None:
    pages.edit("en", "family", "Chemo is strong medicine", "Chemo is a strong medicine", author="cy")
    assert sign_in(pages.client, "cy") == 303
    submitted = pages.client.get(TEXT_PAGE).text
    started = pages.client.post(
        f"{TEXT_PAGE}/revisions/2/review", data={"decision": "start", "_csrf_token": form_token(submitted)}
    )

    under_review = started.text
    assert decisions(submitted) == ["start"]
    assert started.url.query == b"done=start"
    assert decisions(under_review) == ["request-changes"]
    assert "You wrote this revision, so another reviewer approves it." in under_review
    forged = pages.client.post(
        f"{TEXT_PAGE}/revisions/2/review", data={"decision": "approve", "_csrf_token": form_token(under_review)}
    )
    assert forged.status_code == 403
    assert "You wrote this revision" in forged.text
    assert pages.texts()["en", "family"]["status"] == "under_review"


def test_the_first_edit_of_an_imported_text_is_shown_against_the_import(pages: Store) -> None:
    """Nothing was ever approved: the reviewer of a one-word change still sees that word, against revision 1."""
    first = pages.client
    assert sign_in(first, "ben") == 303
    imported = first.get(TEXT_PAGE).text
    pages.edit("en", "family", "Chemo is strong medicine", "Chemo is a strong medicine")
    page = first.get(TEXT_PAGE).text
    metadata = first.get(f"{EDITORIAL}/answers/{SLUG}/metadata").text

    assert "This is the first revision of this text: all of it is new to review." in imported
    assert "No earlier revision was ever approved: against the previous revision, 1." in page
    assert '<span class="diff-removed">− Chemo is strong medicine' in page
    assert '<span class="diff-added">+ Chemo is a strong medicine' in page
    assert page.count('<span class="diff-added">') == 1  # the one changed line, not the whole text
    assert "This is the first revision of the metadata: all of it is new to review." in metadata


def test_a_reviewer_approves_from_the_page_and_readers_get_the_text_and_its_summary(pages: Store) -> None:
    pages.approve("en", "family", 1)
    pages.edit("en", "family", "Chemo is strong medicine", "Chemo is a strong medicine")
    assert sign_in(pages.client, "ben") == 303
    page = pages.client.get(TEXT_PAGE).text

    assert decisions(page) == ["start"]
    assert '<span class="diff-removed">− Chemo is strong medicine' in page
    assert '<span class="diff-added">+ Chemo is a strong medicine' in page
    assert "Against approved revision 1." in page
    assert "Source: the text for clinicians in English, revision 1." in page
    assert page.index("Medicine to shrink the tumor") < page.index(
        "Chemotherapy with palliative intent"
    )  # side by side
    illegal = pages.client.post(
        f"{TEXT_PAGE}/revisions/2/review", data={"decision": "approve", "_csrf_token": form_token(page)}
    )
    assert illegal.status_code == 409
    assert "The revision is submitted. Decisions possible now: start." in illegal.text

    started = pages.client.post(
        f"{TEXT_PAGE}/revisions/2/review", data={"decision": "start", "_csrf_token": form_token(page)}
    )
    approved = pages.client.post(
        f"{TEXT_PAGE}/revisions/2/review",
        data={"decision": "approve", "note": "Grammar only.", "_csrf_token": form_token(started.text)},
    )

    assert approved.status_code == 200
    assert "Approved. Readers now get this revision." in approved.text
    assert "Same text as approved revision 2." not in approved.text
    reader = pages.client.get(READER_PAGE).text
    assert "Chemo is a strong medicine" in reader_text(reader)
    assert "Grammar only." in reader


def test_the_queue_lists_waiting_stale_and_sent_back_texts_with_filters(pages: Store) -> None:
    pages.approve("en", "family", 1)
    pages.approve("en", "clinician", 1)
    pages.edit("en", "clinician", *CLAIM_EDIT)
    pages.approve("en", "clinician", 2)  # the family text, written from revision 1, is stale now
    sent_back = pages.edit("es", "nurse", "\n## ", "\n\n## ")["revision"]
    assert pages.decide("es", "nurse", sent_back, "start") == 200
    assert pages.decide("es", "nurse", sent_back, "request-changes", "Too long.") == 200
    assert sign_in(pages.client, "ben") == 303

    everything = pages.client.get(f"{EDITORIAL}/queue").text
    family = pages.client.get(f"{EDITORIAL}/queue?audience=family&locale=en").text
    wrong = pages.client.get(f"{EDITORIAL}/queue?audience=doctor")

    # en/nurse, es/clinician, es/family waiting; en/family stale; es/nurse sent back. Not en/clinician: approved.
    # And the imported metadata, waiting for its first review. The glossary's metadata and six texts wait too.
    assert "13 waiting" in everything
    assert everything.count(f'href="{EDITORIAL}/answers/{SLUG}/metadata"') == 1
    assert 'status-changes_requested">Changes requested' in everything
    assert everything.count(f'href="{EDITORIAL}/answers/{SLUG}/texts/en/clinician"') == 0
    assert family.count("<tr>") == 3  # the header, the stale family text and the glossary's, waiting
    assert 'status-stale">Stale' in family
    assert f'href="{TEXT_PAGE}"' in family
    assert wrong.status_code == 400


def test_a_missing_text_is_written_from_the_page_as_a_new_text(pages: Store) -> None:
    english = pages.texts()["en", "family"]["markdown"]
    french = f"{EDITORIAL}/answers/{SLUG}/texts/fr/family"
    assert sign_in(pages.client, "ana") == 303

    form = pages.client.get(f"{french}/edit").text
    saved = pages.client.post(
        f"{french}/edit",
        data={"markdown": english, "etag": field(form, "etag"), "action": "save", "_csrf_token": form_token(form)},
        follow_redirects=False,
    )

    assert field(form, "etag") == ""
    assert field(form, "markdown") == ""
    assert saved.status_code == 303
    assert pages.texts()["fr", "family"]["revision"] == 1
    assert pages.client.get(french).status_code == 200


def test_csrf_tokens_belong_to_one_session_and_change_at_sign_in_and_sign_out(pages: Store) -> None:
    before = form_token(pages.client.get(f"{EDITORIAL}/login").text)
    assert sign_in(pages.client, "ben") == 303
    page = pages.client.get(TEXT_PAGE).text
    signed_in = form_token(page)
    stale = pages.client.post(f"{TEXT_PAGE}/revisions/1/review", data={"decision": "start", "_csrf_token": before})
    pair = {"cookie": pages.client.cookies.get("tailor-editorial-csrf"), "token": signed_in}
    logout = pages.client.post(f"{EDITORIAL}/logout", data={"_csrf_token": signed_in})
    assert logout.url.path == f"{EDITORIAL}/login"
    # The sign-in page it lands on gives a visitor's token of its own.
    assert pages.client.cookies.get("tailor-editorial-csrf") not in {None, pair["cookie"]}

    assert sign_in(pages.client, "ben") == 303
    # Someone who kept the first session's cookie and token (a shared machine, a copied page) in the second:
    # the pair matches itself, but not the session.
    pages.client.cookies.set("tailor-editorial-csrf", str(pair["cookie"]), path=EDITORIAL)
    replayed = pages.client.post(
        f"{TEXT_PAGE}/revisions/1/review", data={"decision": "start", "_csrf_token": pair["token"]}
    )

    assert before != signed_in
    assert stale.status_code == 403
    assert replayed.status_code == 403
    assert "Form not accepted" in replayed.text
    assert pages.texts()["en", "family"]["status"] == "submitted"


def test_the_store_keeps_a_digest_of_each_session_id_never_the_id(pages: Store) -> None:
    assert sign_in(pages.client, "ben") == 303
    session_id = str(pages.client.cookies.get("tailor-editorial"))
    stored = [str(row[0]) for row in rows(pages.database_url, "select session_id from editorial_sessions")]

    assert pages.client.get(f"{EDITORIAL}/queue").status_code == 200
    assert session_id not in stored
    assert stored == [hashlib.sha256(session_id.encode()).hexdigest()]
