"""The JSON API: renditions for apps, every response valid against the published OpenAPI document."""

import itertools

import pytest

from tests.helpers import SECTIONS, SLUG, Client
from tests.helpers.openapi import OpenApiDocument

AUDIENCES = ["clinician", "nurse", "family"]
LOCALES = ["en", "es", "es-MX", "fr", "de", "ar"]


@pytest.mark.parametrize(("audience", "locale"), list(itertools.product(AUDIENCES, LOCALES)))
def test_every_rendition_validates_against_the_openapi_document(
    client: Client, openapi: OpenApiDocument, audience: str, locale: str
) -> None:
    response = client.get(f"/api/v1/answers/{SLUG}", params={"audience": audience, "locale": locale})
    body = response.json()

    assert response.status_code == 200
    openapi.validate(response, "/api/v1/answers/{slug}")
    assert (body["requested_audience"], body["requested_locale"]) == (audience, locale)
    assert [section["id"] for section in body["sections"]] == ["key-points", *SECTIONS]  # the key points first
    content_locale = "es" if locale.startswith("es") else "en"
    assert {section["served_locale"] for section in body["sections"]} == {content_locale}
    assert {section["served_audience"] for section in body["sections"]} == {audience}
    assert all(section["fallback"] == (locale not in {"en", "es"}) for section in body["sections"])
    assert response.headers["content-language"] == content_locale
    assert response.headers["vary"] == "Accept-Encoding"


def test_a_rendition_carries_html_blocks_reading_level_citations_and_review(client: Client) -> None:
    body = client.get(f"/api/v1/answers/{SLUG}", params={"audience": "family", "locale": "es"}).json()
    chemotherapy = {section["id"]: section for section in body["sections"]}["chemotherapy"]

    assert body["review"] == {"status": "submitted", "board": None, "reviewed_on": None}
    assert body["last_updated"] == "2026-12-08"  # the glossary's: the definitions are newer than the answer
    assert chemotherapy["reading_level"]["formula"] == "szigriszt-inflesz"
    assert chemotherapy["reading_level"]["score"] >= 65
    # The section's first use of a glossary term links to its definition, which the section carries.
    assert chemotherapy["html"].startswith('<p>La <a class="term" href="#term-chemotherapy-chemotherapy"')
    assert "quimioterapia</a> (quimio) es una medicina fuerte" in chemotherapy["html"]
    assert chemotherapy["terms"][0]["id"] == "chemotherapy"
    assert chemotherapy["blocks"][1]["type"] == "list"
    assert {"type": "citation", "numbers": [1]} in chemotherapy["blocks"][1]["items"][0]["blocks"][0]["content"]
    assert [citation["number"] for citation in body["citations"]] == [1, 2, 3, 4, 5]
    assert body["citations"][0]["journal"] is None
    assert body["disclaimer"]["title"] == "Tenga en cuenta"


def test_a_missing_locale_is_negotiated_and_the_response_varies(client: Client, openapi: OpenApiDocument) -> None:
    response = client.get(f"/api/v1/answers/{SLUG}?audience=nurse", headers={"Accept-Language": "es-CO,es;q=0.9"})

    assert response.json()["requested_locale"] == "es"
    assert response.headers["vary"] == "Accept-Language, Accept-Encoding"
    assert response.headers["content-language"] == "es"
    openapi.validate(response, "/api/v1/answers/{slug}")


def test_missing_audience_and_locale_use_the_defaults(client: Client) -> None:
    body = client.get(f"/api/v1/answers/{SLUG}").json()

    assert (body["requested_audience"], body["requested_locale"]) == ("clinician", "en")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_list_validates_and_links_to_renditions(client: Client, openapi: OpenApiDocument, locale: str) -> None:
    response = client.get("/api/v1/answers", params={"audience": "family", "locale": locale})
    [answer] = response.json()["answers"]

    openapi.validate(response, "/api/v1/answers")
    assert answer["slug"] == SLUG
    assert answer["review"]["status"] == "submitted"
    assert answer["href"] == f"/api/v1/answers/{SLUG}?audience=family&locale={locale}"
    assert client.get(answer["href"]).status_code == 200


@pytest.mark.parametrize(
    ("locale", "family_label", "spanish_name"),
    [
        ("en", "Patient, parent or family member", "Spanish"),
        ("es", "Paciente, padre, madre o familiar", "español"),
        ("de", "Patient, Elternteil oder Angehörige", "Spanisch"),
        ("ar", "مريض أو أحد الوالدين أو فرد من العائلة", "الإسبانية"),
    ],
)
def test_audiences_and_locales_are_labelled_in_the_requested_locale(
    client: Client, openapi: OpenApiDocument, locale: str, family_label: str, spanish_name: str
) -> None:
    audiences = client.get("/api/v1/audiences", params={"locale": locale})
    locales = client.get("/api/v1/locales", params={"locale": locale})

    openapi.validate(audiences, "/api/v1/audiences")
    openapi.validate(locales, "/api/v1/locales")
    assert {"id": "family", "label": family_label} in audiences.json()["audiences"]
    spanish = next(entry for entry in locales.json()["locales"] if entry["tag"] == "es")
    assert (spanish["name"], spanish["native_name"], spanish["direction"]) == (spanish_name, "Español", "ltr")


def test_health_validates(client: Client, openapi: OpenApiDocument) -> None:
    openapi.validate(client.get("/health"), "/health")


def test_the_openapi_document_describes_every_operation(openapi: OpenApiDocument) -> None:
    assert openapi.document["openapi"].startswith("3.1")
    for path in ["/api/v1/answers", "/api/v1/answers/{slug}", "/api/v1/audiences", "/api/v1/locales", "/health"]:
        operation = openapi.operation(path)
        assert operation["operationId"]
        assert operation["summary"]
    answer = openapi.operation("/api/v1/answers/{slug}")
    parameters = {parameter["name"]: parameter for parameter in answer["parameters"]}
    assert set(parameters) == {"slug", "audience", "locale"}
    assert parameters["audience"]["schema"]["enum"] == AUDIENCES
    assert set(answer["responses"]) == {"200", "304", "400", "404"}
    assert "application/problem+json" in answer["responses"]["404"]["content"]


def test_an_interactive_viewer_is_served(client: Client) -> None:
    response = client.get("/schema")

    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    assert "/schema/openapi.json" in response.text
