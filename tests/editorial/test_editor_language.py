"""The editorial pages' language: the editor's choice, remembered under /editorial only, over the browser's."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import SLUG
from tests.helpers.editorial_pages import EDITORIAL, form_token, sign_in
from tests.helpers.store import Store, open_store

SPANISH_BROWSER = {"accept-language": "es"}


@pytest.fixture
def pages(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite+aiosqlite:///{tmp_path / 'tailor.db'}", passwords=True) as opened:
        yield opened


def _choose(pages: Store, locale: str, next_path: str) -> tuple[int, str, str]:
    page = pages.client.get(next_path, headers=SPANISH_BROWSER).text
    response = pages.client.post(
        f"{EDITORIAL}/language",
        data={"locale": locale, "next": next_path, "_csrf_token": form_token(page)},
        headers=SPANISH_BROWSER,
        follow_redirects=False,
    )
    ours = [
        cookie for cookie in response.headers.get_list("set-cookie") if cookie.startswith("tailor-editorial-language=")
    ]
    return response.status_code, response.headers.get("location", ""), "".join(ours)


def test_an_editor_chooses_the_language_of_the_editorial_pages_whatever_the_browser_says(pages: Store) -> None:
    assert sign_in(pages.client, "ben") == 303
    queue = f"{EDITORIAL}/queue"
    assert '<html lang="es"' in pages.client.get(queue, headers=SPANISH_BROWSER).text  # the browser's, at first

    status, location, cookie = _choose(pages, "de", queue)

    assert (status, location) == (303, queue)
    attributes = {part.strip().lower() for part in cookie.split(";")}
    assert {"tailor-editorial-language=de", "path=/editorial", "httponly", "samesite=strict"} <= attributes
    german = pages.client.get(queue, headers=SPANISH_BROWSER)
    assert '<html lang="de"' in german.text
    assert '<option value="de" lang="de" selected>' in german.text
    # An error page under /editorial has no session to read: it honours the choice too.
    missing = pages.client.get(f"{EDITORIAL}/answers/nope/texts/en/family", headers=SPANISH_BROWSER)
    assert missing.status_code == 404
    assert missing.headers["content-language"] == "de"
    # Reader pages never receive it: they stay in the language their URL says.
    reader = pages.client.get(f"/es/family/answers/{SLUG}", headers=SPANISH_BROWSER)
    assert '<html lang="es"' in reader.text


def test_the_choice_can_be_made_before_signing_in_and_goes_back_to_editorial_pages_only(pages: Store) -> None:
    login = f"{EDITORIAL}/login"
    status, location, _ = _choose(pages, "fr", login)
    assert (status, location) == (303, login)
    assert '<html lang="fr"' in pages.client.get(login, headers=SPANISH_BROWSER).text

    page = pages.client.get(login).text
    elsewhere = pages.client.post(
        f"{EDITORIAL}/language",
        data={"locale": "en", "next": f"/es/family/answers/{SLUG}", "_csrf_token": form_token(page)},
        follow_redirects=False,
    )
    assert elsewhere.headers["location"] == f"{EDITORIAL}/queue"  # never off the editorial pages


def test_an_unsupported_language_is_refused_saying_which_are_allowed(pages: Store) -> None:
    page = pages.client.get(f"{EDITORIAL}/login").text
    refused = pages.client.post(
        f"{EDITORIAL}/language",
        data={"locale": "xx", "next": f"{EDITORIAL}/login", "_csrf_token": form_token(page)},
        follow_redirects=False,
    )
    forged = pages.client.post(f"{EDITORIAL}/language", data={"locale": "de"}, follow_redirects=False)

    assert refused.status_code == 400
    assert "“xx” is not a supported language. Use one of: en, es, es-MX, fr, de, ar." in refused.text
    assert "set-cookie" not in refused.headers or "tailor-editorial-language" not in refused.headers["set-cookie"]
    assert forged.status_code == 403  # no CSRF token: a form posted from elsewhere changes nothing
    assert "tailor-editorial-language" not in forged.headers.get("set-cookie", "")
