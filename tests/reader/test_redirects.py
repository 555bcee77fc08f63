"""Bare URLs carry no choice: they redirect (307) to the canonical URL of the remembered choice, or, for a
reader who has not chosen yet, to the chooser in their language ("Which best describes you?")."""

import re

import pytest

from tests.helpers import SLUG, Client

CHOOSER = f"/es/choose?next=%2Fanswers%2F{SLUG}"


@pytest.mark.parametrize(
    ("path", "cookie", "accept_language", "location"),
    [
        (f"/answers/{SLUG}", None, None, f"/en/choose?next=%2Fanswers%2F{SLUG}"),
        (f"/answers/{SLUG}", None, "es-ES,es;q=0.9", CHOOSER),
        (f"/answers/{SLUG}", "family.fr", "es", f"/fr/family/answers/{SLUG}"),
        (f"/answers/{SLUG}", "nurse.xx", "de", f"/de/nurse/answers/{SLUG}"),
        ("/", None, "ar", "/ar/choose?next=%2Fanswers"),
        ("/", "family.es-MX", None, "/es-MX/family/answers"),
        ("/answers", None, None, "/en/choose?next=%2Fanswers"),
        ("/answers", "es-MX", None, "/en/choose?next=%2Fanswers"),  # a cookie without an audience is no choice
    ],
)
def test_bare_urls_redirect_to_the_resolved_canonical_url(
    client: Client,
    path: str,
    cookie: str | None,
    accept_language: str | None,
    location: str,
) -> None:
    if cookie is not None:
        client.cookies.set("tailor-preference", cookie)
    headers = {"Accept-Language": accept_language} if accept_language else {}

    response = client.get(path, headers=headers, follow_redirects=False)

    assert response.status_code == 307
    assert response.headers["location"] == location
    assert response.headers["cache-control"] == "private, no-store"
    assert response.headers["vary"] == "Cookie, Accept-Language"
    assert "set-cookie" not in response.headers


def test_a_bare_url_for_an_unknown_answer_is_a_404_not_a_redirect(client: Client) -> None:
    response = client.get("/answers/no-such-answer", follow_redirects=False)

    assert response.status_code == 404
    assert "location" not in response.headers


def test_a_shared_link_asks_first_then_remembers(client: Client) -> None:
    asked = client.get(f"/answers/{SLUG}", headers={"Accept-Language": "es"})
    buttons = re.findall(r'<button type="submit" name="audience" value="([a-z]+)"', asked.text)

    assert asked.status_code == 200
    assert str(asked.url).endswith(CHOOSER)
    assert '<html lang="es" dir="ltr">' in asked.text
    assert '<h1 id="chooser-heading">¿Qué opción le describe mejor?</h1>' in asked.text
    assert buttons == ["clinician", "nurse", "family"]
    assert f'<input type="hidden" name="next" value="/answers/{SLUG}">' in asked.text
    assert "set-cookie" not in asked.headers
    assert asked.headers["cache-control"].startswith("public")  # the URL alone decides it

    chosen = client.post(
        "/preferences", data={"audience": "family", "locale": "es", "next": f"/answers/{SLUG}"}, follow_redirects=False
    )
    assert chosen.status_code == 303
    assert chosen.headers["location"] == f"/es/family/answers/{SLUG}"
    again = client.get(f"/answers/{SLUG}", follow_redirects=False)
    assert again.headers["location"] == f"/es/family/answers/{SLUG}"  # remembered: not asked twice


@pytest.mark.parametrize("next_path", ["//evil.example/", "https://evil.example/", "answers"])
def test_the_chooser_continues_only_to_this_site(client: Client, next_path: str) -> None:
    response = client.get("/es/choose", params={"next": next_path})

    assert response.status_code == 400


def test_the_chooser_speaks_every_supported_language_and_no_other(client: Client) -> None:
    arabic = client.get("/ar/choose")
    unknown = client.get("/xx/choose")

    assert '<html lang="ar" dir="rtl">' in arabic.text
    assert 'name="next" value="/answers"' in arabic.text
    assert unknown.status_code == 400
