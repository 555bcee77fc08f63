"""Canonical URLs: every kind built and read back by the one module that knows their shapes."""

import pytest

from service.choice import Choice
from service.content.model import Audience
from service.rendition import urls
from service.rendition.urls import RenditionKey, RenditionKind, key_for
from tests.helpers import SLUG

PAGE = f"/es/family/answers/{SLUG}"
FAMILY_ES = Choice(audience=Audience.FAMILY, locale="es")


@pytest.mark.parametrize("kind", list(RenditionKind))
@pytest.mark.parametrize("locale", ["en", "es-MX", "ar"])
def test_every_kind_round_trips(kind: RenditionKind, locale: str) -> None:
    key = key_for(kind, Choice(audience=Audience.NURSE, locale=locale), SLUG if kind.depends_on == "answer" else "")
    path, _, query = urls.url_for(key).partition("?")

    assert urls.parse(path, query.encode()) == key


def test_keys_name_the_audience_only_where_it_matters() -> None:
    assert key_for(RenditionKind.LOCALES_JSON, FAMILY_ES) == RenditionKey(RenditionKind.LOCALES_JSON, "", "", "es")
    assert urls.url_for(key_for(RenditionKind.LOCALES_JSON, FAMILY_ES)) == "/api/v1/locales?locale=es"


def test_every_kind_has_a_route_that_matches_its_url() -> None:
    for kind, route in urls.ROUTES.items():
        prefix = urls.API_PREFIX if kind.value.endswith("-json") else ""
        template = (prefix + route).replace("{locale:str}", "es").replace("{audience:str}", "family")
        expected = urls.url_for(key_for(kind, FAMILY_ES, SLUG)).partition("?")[0]
        assert template.replace("{slug:str}", SLUG) == expected


@pytest.mark.parametrize(
    ("next_path", "expected"),
    [
        (f"/en/clinician/answers/{SLUG}/?x=1#top", f"/es/family/answers/{SLUG}"),  # trailing slash, query, fragment
        (f"/answers/{SLUG}/", f"/es/family/answers/{SLUG}"),
        ("/ar/clinician/editorial-policy/", "/es/family/editorial-policy"),
        ("/static/tailor.css", "/es/family/answers"),  # anything else: the list
        ("/api/v1/answers", "/es/family/answers"),
    ],
)
def test_retarget_keeps_the_page_in_the_new_choice(next_path: str, expected: str) -> None:
    assert urls.retarget(next_path, FAMILY_ES) == expected


@pytest.mark.parametrize(
    ("value", "local"),
    [
        ("/es/family/answers", True),
        ("//evil.example", False),
        ("/\\evil", False),
        ("https://x.test/", False),
        ("/a\nb", False),
        ("answers", False),
    ],
)
def test_only_local_paths_are_local(value: str, local: bool) -> None:
    assert urls.is_local_path(value) is local


@pytest.mark.parametrize(
    ("path", "query", "key"),
    [
        (PAGE, b"", RenditionKey(RenditionKind.ANSWER_HTML, SLUG, "family", "es")),
        (PAGE, b"utm=1", RenditionKey(RenditionKind.ANSWER_HTML, SLUG, "family", "es")),
        ("/es/family/answers", b"", RenditionKey(RenditionKind.INDEX_HTML, "", "family", "es")),
        (
            f"/api/v1/answers/{SLUG}",
            b"audience=family&locale=es",
            RenditionKey(RenditionKind.ANSWER_JSON, SLUG, "family", "es"),
        ),
        (
            f"/api/v1/answers/{SLUG}",
            b"locale=es&audience=family",
            RenditionKey(RenditionKind.ANSWER_JSON, SLUG, "family", "es"),
        ),
        ("/api/v1/locales", b"locale=ar", RenditionKey(RenditionKind.LOCALES_JSON, "", "", "ar")),
        (f"/api/v1/answers/{SLUG}", b"audience=family", None),
        (f"/api/v1/answers/{SLUG}", b"audience=family&locale=es&locale=en", None),
        (f"/api/v1/answers/{SLUG}", b"audience=family&locale=es%2DMX", None),
        ("/health", b"", None),
        (f"/answers/{SLUG}", b"", None),
    ],
)
def test_canonical_urls_are_read_into_keys(path: str, query: bytes, key: RenditionKey | None) -> None:
    assert urls.parse(path, query) == key
