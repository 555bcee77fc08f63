"""Each error as RFC 9457 JSON on the API and as a localized page elsewhere; never a stack trace."""

from collections.abc import Iterator

import pytest

from service.rendition.site import Site
from tests.helpers import PROJECT, SLUG, Client, serving, settings_for
from tests.helpers.openapi import OpenApiDocument

AUDIENCES = ["clinician", "nurse", "family"]
LOCALES = ["en", "es", "es-MX", "fr", "de", "ar"]


@pytest.mark.parametrize(
    ("path", "template", "status", "problem", "allowed"),
    [
        ("/api/v1/answers/no-such-answer", "/api/v1/answers/{slug}", 404, "unknown-answer", None),
        (f"/api/v1/answers/{SLUG}?audience=doctor", "/api/v1/answers/{slug}", 400, "unknown-audience", AUDIENCES),
        (f"/api/v1/answers/{SLUG}?locale=pt", "/api/v1/answers/{slug}", 400, "unsupported-locale", LOCALES),
        ("/api/v1/answers?audience=", "/api/v1/answers", 400, "unknown-audience", AUDIENCES),
        ("/api/v1/audiences?locale=pt-BR", "/api/v1/audiences", 400, "unsupported-locale", LOCALES),
        ("/api/v1/locales?locale=xx", "/api/v1/locales", 400, "unsupported-locale", LOCALES),
    ],
)
def test_api_errors_are_problem_documents(
    client: Client,
    openapi: OpenApiDocument,
    path: str,
    template: str,
    status: int,
    problem: str,
    allowed: list[str] | None,
) -> None:
    response = client.get(path)
    body = response.json()

    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["cache-control"] == "private, no-store"
    assert body["type"] == f"/problems/{problem}"
    assert body["status"] == status
    assert body.get("allowed") == allowed
    if allowed:
        assert ", ".join(allowed) in body["detail"]
    openapi.validate(response, template)


def test_unknown_api_paths_and_methods_are_problem_documents(client: Client) -> None:
    missing = client.get("/api/v1/nothing-here")
    wrong_method = client.delete(f"/api/v1/answers/{SLUG}")

    assert (missing.status_code, missing.json()["type"]) == (404, "/problems/not-found")
    assert (wrong_method.status_code, wrong_method.json()["type"]) == (405, "/problems/method-not-allowed")
    assert "GET" in wrong_method.headers["allow"]


@pytest.mark.parametrize(
    ("path", "status", "title"),
    [
        ("/es/family/answers/no-such-answer", 404, "Respuesta no encontrada"),
        (f"/de/doctor/answers/{SLUG}", 400, "Unbekannte Zielgruppe"),
        (f"/pt/family/answers/{SLUG}", 400, "Unsupported language"),
        ("/fr/family/nowhere", 404, "Page introuvable"),
        ("/ar/nurse/answers/no-such-answer", 404, "لم يتم العثور على الإجابة"),
    ],
)
def test_page_errors_are_localized_pages(client: Client, path: str, status: int, title: str) -> None:
    response = client.get(path)

    assert response.status_code == status
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "private, no-store"
    assert f"<h1>{title}</h1>" in response.text


def test_an_unsupported_locale_in_the_url_is_explained_in_the_negotiated_language(client: Client) -> None:
    response = client.get(f"/pt/family/answers/{SLUG}", headers={"Accept-Language": "es"})

    assert response.status_code == 400
    assert "<h1>Idioma no disponible</h1>" in response.text
    assert "«pt» no es un idioma disponible. Use uno de estos: en, es, es-MX, fr, de, ar." in response.text


def test_hostile_values_are_not_reflected_as_markup(client: Client) -> None:
    response = client.get("/en/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/answers")

    assert response.status_code == 400
    assert "<img" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text


@pytest.fixture
def failing_client(monkeypatch: pytest.MonkeyPatch) -> Iterator[Client]:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail /srv/tailor/service/rendition/build.py")

    monkeypatch.setattr(Site, "answer_document", explode)
    with serving(settings_for(PROJECT / "variants")) as client:
        yield client


@pytest.mark.parametrize("path", [f"/es/family/answers/{SLUG}", f"/api/v1/answers/{SLUG}"])
def test_an_unexpected_failure_is_a_generic_500(failing_client: Client, path: str) -> None:
    response = failing_client.get(path)

    assert response.status_code == 500
    for leak in ("Traceback", "secret detail", "/srv/", "RuntimeError", "build.py"):
        assert leak not in response.text
    assert (
        "Algo salió mal" in response.text
        if path.startswith("/es")
        else response.json()["type"] == "/problems/internal-error"
    )


def test_problem_documents_speak_the_language_the_request_asked_for(client: Client) -> None:
    asked = client.get("/api/v1/answers/no-such-answer", params={"locale": "es"})
    negotiated = client.get("/api/v1/answers/no-such-answer", headers={"Accept-Language": "ar"})
    cookie_ignored = client.get("/api/v1/answers/no-such-answer", headers={"Cookie": "tailor-preference=family.es"})

    assert (asked.json()["title"], asked.json()["detail"]) == (
        "Respuesta no encontrada",
        "No hay ninguna respuesta llamada «no-such-answer».",
    )
    assert asked.headers["content-language"] == "es"
    assert asked.json()["type"] == "/problems/unknown-answer"  # types never change with the language
    assert negotiated.json()["title"] == "لم يتم العثور على الإجابة"
    assert negotiated.headers["content-language"] == "ar"
    assert cookie_ignored.json()["title"] == "Answer not found"
