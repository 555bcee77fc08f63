"""The selector and the language switcher: plain forms, POST /preferences, 303, a one-year cookie."""

import re

import pytest

from tests.helpers import PROJECT, SLUG, Client, serving, settings_for


def post(client: Client, **form: str) -> object:
    return client.post("/preferences", data=form, follow_redirects=False)


@pytest.mark.parametrize(
    ("next_path", "location"),
    [
        (f"/en/clinician/answers/{SLUG}", f"/es/family/answers/{SLUG}"),
        (f"/answers/{SLUG}", f"/es/family/answers/{SLUG}"),
        ("/de/nurse/answers", "/es/family/answers"),
        ("/fr/nurse/editorial-policy", "/es/family/editorial-policy"),
        ("/", "/es/family/answers"),
        ("/somewhere/else?x=1", "/es/family/answers"),
    ],
)
def test_the_form_redirects_to_next_in_the_new_choice(client: Client, next_path: str, location: str) -> None:
    response = client.post(
        "/preferences", data={"audience": "family", "locale": "es", "next": next_path}, follow_redirects=False
    )

    assert response.status_code == 303
    assert response.headers["location"] == location
    assert response.headers["cache-control"] == "private, no-store"


def test_the_choice_is_remembered_for_a_year_in_a_lax_http_only_cookie(client: Client) -> None:
    response = client.post(
        "/preferences", data={"audience": "nurse", "locale": "ar", "next": "/"}, follow_redirects=False
    )
    cookie = response.headers["set-cookie"]

    assert cookie.startswith("tailor-preference=nurse.ar;")
    assert "Max-Age=31536000" in cookie
    assert "HttpOnly" in cookie
    assert re.search(r"SameSite=lax", cookie, re.IGNORECASE)
    assert "Path=/" in cookie
    assert "Secure" not in cookie

    assert client.get(f"/answers/{SLUG}", follow_redirects=False).headers["location"] == f"/ar/nurse/answers/{SLUG}"


def test_the_cookie_is_secure_over_https() -> None:
    with serving(settings_for(PROJECT / "variants"), base_url="https://tailor.test") as client:
        response = client.post("/preferences", data={"audience": "nurse", "locale": "es"}, follow_redirects=False)

    assert "Secure" in response.headers["set-cookie"]


def test_switching_language_keeps_the_audience_and_switching_audience_keeps_the_language(client: Client) -> None:
    page = client.get(f"/es/family/answers/{SLUG}").text
    index = client.get("/es/family/answers").text  # answer pages link to the chooser instead of repeating it
    language_form = page[page.index('class="language-switcher"') :].split("</form>")[0]
    audience_form = index[index.index('class="personalize"') :].split("</form>")[0]

    assert '<input type="hidden" name="audience" value="family">' in language_form
    assert '<input type="hidden" name="locale" value="es">' in audience_form
    assert f'name="next" value="/es/family/answers/{SLUG}"' in language_form
    assert 'value="family" checked' in audience_form
    assert f'<a href="/es/choose?next=%2Fanswers%2F{SLUG}">Cambiarla</a>' in page


@pytest.mark.parametrize(
    "next_path", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "es/family"]
)
def test_next_must_be_a_local_path(client: Client, next_path: str) -> None:
    response = client.post(
        "/preferences", data={"audience": "family", "locale": "es", "next": next_path}, follow_redirects=False
    )

    assert response.status_code == 400
    assert "location" not in response.headers
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    ("audience", "locale", "named"), [("doctor", "es", "doctor"), ("family", "klingon", "klingon")]
)
def test_unknown_values_are_refused_with_the_allowed_ones(
    client: Client, audience: str, locale: str, named: str
) -> None:
    response = client.post(
        "/preferences", data={"audience": audience, "locale": locale, "next": "/"}, follow_redirects=False
    )

    assert response.status_code == 400
    assert "set-cookie" not in response.headers
    assert named in response.text
    assert ("clinician, nurse, family" if audience == "doctor" else "en, es, es-MX, fr, de, ar") in response.text


def test_no_other_response_sets_a_cookie(client: Client) -> None:
    paths = [
        "/",
        f"/answers/{SLUG}",
        f"/es/family/answers/{SLUG}",
        "/en/nurse/answers",
        "/en/nurse/editorial-policy",
        f"/api/v1/answers/{SLUG}",
        "/api/v1/answers",
        "/api/v1/audiences",
        "/api/v1/locales",
        "/health",
        "/nope",
        "/en/doctor/answers",
    ]
    for path in paths:
        assert "set-cookie" not in client.get(path, follow_redirects=False).headers, path
