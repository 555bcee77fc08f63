"""Bare URLs carry no choice: they redirect (307) to the canonical URL from cookie, Accept-Language or defaults."""

import pytest

from tests.helpers import SLUG, Client


@pytest.mark.parametrize(
    ("path", "cookie", "accept_language", "location"),
    [
        (f"/answers/{SLUG}", None, None, f"/en/clinician/answers/{SLUG}"),
        (f"/answers/{SLUG}", None, "es-ES,es;q=0.9", f"/es/clinician/answers/{SLUG}"),
        (f"/answers/{SLUG}", "family.fr", "es", f"/fr/family/answers/{SLUG}"),
        (f"/answers/{SLUG}", "nurse.xx", "de", f"/de/nurse/answers/{SLUG}"),
        ("/", None, "ar", "/ar/clinician/answers"),
        ("/", "family.es-MX", None, "/es-MX/family/answers"),
        ("/answers", None, None, "/en/clinician/answers"),
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
    assert "set-cookie" not in response.headers


def test_a_bare_url_for_an_unknown_answer_is_a_404_not_a_redirect(client: Client) -> None:
    response = client.get("/answers/no-such-answer", follow_redirects=False)

    assert response.status_code == 404
    assert "location" not in response.headers


def test_following_the_redirect_lands_on_the_page(client: Client) -> None:
    response = client.get(f"/answers/{SLUG}", headers={"Accept-Language": "es"})

    assert response.status_code == 200
    assert str(response.url).endswith(f"/es/clinician/answers/{SLUG}")
    assert '<html lang="es" dir="ltr">' in response.text
