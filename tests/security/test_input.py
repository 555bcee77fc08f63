"""Hostile input gets a 4xx, never a 500, never a file outside the content directory, never reflected markup."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import SLUG, Client

HOSTILE_PATHS = [
    "/en/family/answers/..%2f..%2f..%2fetc%2fpasswd",
    "/en/family/answers/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/en/family/answers/....//....//etc/passwd",
    "/..%2f..%2f/family/answers/x",
    "/en/family/answers/%00",
    "/en/family/answers/palliative-neuroblastoma%00.md",
    "/en%00/family/answers",
    "/en/family/answers/" + "a" * 5000,
    "/" + "x" * 3000 + "/family/answers",
    "/en/fam%C3%AFly/answers",
    "/en/family/answers/%EF%BC%8E%EF%BC%8E",  # fullwidth dots
    "/en/family/answers/%C0%AE%C0%AE%2F",  # overlong UTF-8
    "/en/family/answers/%ff%fe",
    "/%E2%80%AEen/family/answers",  # right-to-left override
    "/api/v1/answers/..%2f..%2fetc%2fpasswd",
    "/api/v1/answers/%00?audience=family&locale=en",
    "/static/..%2f..%2fpyproject.toml",
    "/static/%2e%2e/%2e%2e/pyproject.toml",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_hostile_paths_are_refused(client: Client, path: str) -> None:
    response = client.get(path, follow_redirects=False)

    assert response.status_code in {400, 404}, response.text[:200]
    assert "[tool.mypy]" not in response.text
    assert "root:x:0:0" not in response.text


@pytest.mark.parametrize(
    "query",
    ["audience=family&audience=nurse&locale=es", "audience=family&locale=es&locale=en"],
)
def test_repeated_parameters_are_refused(client: Client, query: str) -> None:
    response = client.get(f"/api/v1/answers/{SLUG}?{query}")

    assert response.status_code == 400
    assert response.json()["type"] == "/problems/invalid-parameter"


def test_oversized_headers_are_refused(client: Client) -> None:
    response = client.get("/health", headers={"X-Filler": "x" * 20_000})

    assert response.status_code == 431
    assert response.headers["x-content-type-options"] == "nosniff"


def test_oversized_bodies_are_refused(client: Client) -> None:
    response = client.post(
        "/preferences",
        content=b"audience=family&locale=es&next=/" + b"a" * 100_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 413


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "BREW"])
def test_unknown_methods_get_405_with_allow(client: Client, method: str) -> None:
    response = client.request(method, f"/en/family/answers/{SLUG}")

    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


_HEADER_TEXT = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=_HEADER_TEXT)
def test_any_accept_language_gives_a_supported_locale_and_is_not_reflected(client: Client, header: str) -> None:
    redirect = client.get(f"/answers/{SLUG}", headers={"Accept-Language": header}, follow_redirects=False)
    api = client.get(f"/api/v1/answers/{SLUG}?audience=family", headers={"Accept-Language": header})

    assert redirect.status_code == 307
    locale = redirect.headers["location"].split("/")[1]
    assert locale in {"en", "es", "es-MX", "fr", "de", "ar"}
    assert api.status_code == 200
    assert api.json()["requested_locale"] in {"en", "es", "es-MX", "fr", "de", "ar"}
    if len(header) > 12:
        # Unless the response says it anyway (a label such as "Last updated:" is a header too).
        plain = client.get(f"/api/v1/answers/{SLUG}?audience=family&locale={api.json()['requested_locale']}")
        assert header not in redirect.text
        assert header not in api.text or header in plain.text
