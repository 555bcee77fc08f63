"""Locale tags as people and apps write them: any case, and regions Tailor does not list."""

import pytest

from service.choice import normal_locale
from tests.helpers import SLUG, Client

SUPPORTED = ("en", "es", "es-MX", "fr", "de", "ar")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("es", "es"),
        ("es-mx", "es-MX"),
        ("ES-MX", "es-MX"),
        ("EN", "en"),
        ("es-AR", "es"),  # a region Tailor does not list: its language
        ("fr-CA", "fr"),
        ("de-CH-1996", "de"),
        ("pt-BR", None),
        ("pt", None),
        ("", None),
        ("-", None),
        ("e", None),
    ],
)
def test_a_tag_names_its_supported_locale(written: str, meant: str | None) -> None:
    assert normal_locale(written, SUPPORTED) == meant


@pytest.mark.parametrize(
    ("locale", "requested", "served"),
    [("es-AR", "es", "es"), ("ES-mx", "es-MX", "es"), ("en-GB", "en", "en")],
)
def test_the_api_serves_the_locale_a_tag_names_and_says_which(
    client: Client, locale: str, requested: str, served: str
) -> None:
    response = client.get(f"/api/v1/answers/{SLUG}", params={"audience": "family", "locale": locale})

    assert response.status_code == 200
    assert response.json()["requested_locale"] == requested
    assert response.headers["content-language"] == served


def test_a_locale_tailor_cannot_serve_is_still_a_400(client: Client) -> None:
    response = client.get(f"/api/v1/answers/{SLUG}", params={"locale": "pt-BR"})

    assert response.status_code == 400
    assert response.json()["type"] == "/problems/unsupported-locale"


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        (f"/es-mx/family/answers/{SLUG}", f"/es-MX/family/answers/{SLUG}"),
        (f"/es-AR/nurse/answers/{SLUG}", f"/es/nurse/answers/{SLUG}"),
        ("/EN/clinician/answers", "/en/clinician/answers"),
        ("/Es/choose?next=%2Fanswers", "/es/choose?next=%2Fanswers"),
    ],
)
def test_a_page_spelled_otherwise_leads_to_its_one_canonical_url(client: Client, path: str, canonical: str) -> None:
    response = client.get(path, follow_redirects=False)

    assert response.status_code == 308
    assert response.headers["location"] == canonical
    assert response.headers["cache-control"].startswith("public")  # the URL alone decides it


def test_the_bare_url_understands_a_remembered_or_negotiated_regional_tag(client: Client) -> None:
    client.cookies.set("tailor-preference", "family.es-ar")
    remembered = client.get(f"/answers/{SLUG}", follow_redirects=False)
    client.cookies.clear()
    negotiated = client.get(f"/answers/{SLUG}", headers={"Accept-Language": "es-AR"}, follow_redirects=False)

    assert remembered.headers["location"] == f"/es/family/answers/{SLUG}"
    assert negotiated.headers["location"] == f"/es/choose?next=%2Fanswers%2F{SLUG}"
