"""Renditions computed once, revalidated for free, and safe for any shared cache."""

import gzip
import re
import shutil
from pathlib import Path

import pytest

from service.app import create_app
from service.rendition.urls import RenditionKey, RenditionKind
from service.web.fast_path import FastPath
from tests.helpers import FIXTURES, SLUG, Client, serving, settings_for
from tests.helpers.catalogs import load_catalog

PAGE = f"/es/family/answers/{SLUG}"
JSON = f"/api/v1/answers/{SLUG}?audience=family&locale=es"
CANONICAL = [
    PAGE,
    JSON,
    "/es/family/answers",
    "/es/family/editorial-policy",
    "/api/v1/answers?audience=nurse&locale=de",
]
STRONG_ETAG = re.compile(r'^"[0-9a-f]{24}(-gz)?"$')
SAME_IN_304 = ("etag", "cache-control", "vary", "content-language")


def warm(client: Client, path: str, **headers: str) -> None:
    assert client.get(path, headers=headers).status_code == 200


@pytest.mark.parametrize("path", CANONICAL)
def test_a_warm_request_renders_nothing(
    app: FastPath, client: Client, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = client.get(path)
    builds = app.renditions.cache.statistics.builds

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("rendered on a warm request")

    monkeypatch.setattr(app.renditions.site.pages, "render", refuse)
    monkeypatch.setattr(app.renditions.site, "answer_document", refuse)
    monkeypatch.setattr(app.renditions.site, "answer_list", refuse)
    second = client.get(path)

    assert second.status_code == 200
    assert second.content == first.content
    assert app.renditions.cache.statistics.builds == builds


@pytest.mark.parametrize("path", CANONICAL)
@pytest.mark.parametrize("warm_first", [False, True], ids=["cold", "warm"])
def test_every_200_has_a_strong_etag_and_public_cache_control(client: Client, path: str, warm_first: bool) -> None:
    if warm_first:
        warm(client, path)
    response = client.get(path)

    assert STRONG_ETAG.match(response.headers["etag"])
    assert response.headers["cache-control"] == "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"
    assert "cookie" not in response.headers.get("vary", "").lower()
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize("path", [PAGE, JSON])
@pytest.mark.parametrize("warm_first", [False, True], ids=["cold", "warm"])
@pytest.mark.parametrize(
    "condition",
    ["{etag}", "W/{etag}", '"nope", {etag}', "*", "{gzip_etag}", "W/{gzip_etag}"],
)
def test_if_none_match_gives_304_with_the_same_headers(
    app: FastPath, client: Client, path: str, warm_first: bool, condition: str
) -> None:
    full = client.get(path, headers={"Accept-Encoding": "identity"})
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    if not warm_first:
        app.renditions.cache.retain(lambda key, entry: False)
    header = condition.format(etag=full.headers["etag"], gzip_etag=zipped.headers["etag"])

    response = client.get(path, headers={"If-None-Match": header, "Accept-Encoding": "gzip"})

    assert response.status_code == 304
    assert response.content == b""
    for name in SAME_IN_304:
        assert response.headers[name] == zipped.headers[name], name


@pytest.mark.parametrize("condition", ['"0123456789abcdef01234567"', 'W/"other"', ""])
def test_a_stale_or_foreign_etag_gets_the_full_response(client: Client, condition: str) -> None:
    warm(client, PAGE)

    response = client.get(PAGE, headers={"If-None-Match": condition})

    assert response.status_code == 200
    assert response.content


def test_gzip_is_served_when_accepted_and_computed_once(app: FastPath, client: Client) -> None:
    plain = client.get(PAGE, headers={"Accept-Encoding": "identity"})
    builds = app.renditions.cache.statistics.builds
    compressed = client.get(PAGE, headers={"Accept-Encoding": "br;q=1, gzip;q=0.5"})
    refused = client.get(PAGE, headers={"Accept-Encoding": "gzip;q=0, *"})

    assert "content-encoding" not in plain.headers
    assert compressed.headers["content-encoding"] == "gzip"
    assert compressed.headers["vary"] == "Accept-Encoding"
    assert plain.headers["vary"] == "Accept-Encoding"
    assert int(compressed.headers["content-length"]) < int(plain.headers["content-length"])
    assert gzip.decompress(_raw_body(client, PAGE)) == plain.content
    assert compressed.headers["etag"] == plain.headers["etag"][:-1] + '-gz"'
    assert "content-encoding" not in refused.headers
    assert app.renditions.cache.statistics.builds == builds


def _raw_body(client: Client, path: str) -> bytes:
    """The compressed bytes as sent (httpx would decompress them)."""
    with client.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as response:
        return b"".join(response.iter_raw())


GET_PATHS = [
    PAGE,
    JSON,
    "/es/family/answers",
    f"/api/v1/answers/{SLUG}?audience=family",
    "/api/v1/audiences?locale=fr",
    "/api/v1/locales",
    "/",
    f"/answers/{SLUG}",
    "/health",
    "/schema/openapi.json",
    "/static/tailor.css",
    "/en/family/answers/no-such-answer",
    "/api/v1/answers/no-such-answer",
]


@pytest.mark.parametrize("path", GET_PATHS)
@pytest.mark.parametrize("warm_first", [False, True], ids=["cold", "warm"])
def test_head_works_wherever_get_does(app: FastPath, client: Client, path: str, warm_first: bool) -> None:
    if warm_first:
        client.get(path, follow_redirects=False)
    else:
        app.renditions.cache.retain(lambda key, entry: False)
    head = client.head(path, follow_redirects=False)
    get = client.get(path, follow_redirects=False)

    assert head.status_code == get.status_code
    assert head.content == b""
    ignored = {"date", "x-request-id"}
    assert {k: v for k, v in head.headers.items() if k not in ignored} == {
        k: v for k, v in get.headers.items() if k not in ignored
    }


def test_canonical_pages_link_their_alternates(client: Client) -> None:
    response = client.get(PAGE)
    link = response.headers["link"]

    assert f'</es/family/answers/{SLUG}>; rel="canonical"' in link
    for locale in ("en", "es"):  # the locales the answer is written in; the others would repeat them
        assert f'</{locale}/family/answers/{SLUG}>; rel="alternate"; hreflang="{locale}"' in link
        assert f'<link rel="alternate" hreflang="{locale}" href="/{locale}/family/answers/{SLUG}">' in response.text
    for locale in ("es-MX", "fr", "de", "ar"):
        assert f'hreflang="{locale}"' not in link
        assert f'hreflang="{locale}"' not in response.text
    assert f'</answers/{SLUG}>; rel="alternate"; hreflang="x-default"' in link
    assert f'<link rel="canonical" href="/es/family/answers/{SLUG}">' in response.text


def test_responses_that_depend_on_the_request_are_private_or_vary(client: Client) -> None:
    redirect = client.get(f"/answers/{SLUG}", headers={"Accept-Language": "es"}, follow_redirects=False)
    negotiated = client.get(f"/api/v1/answers/{SLUG}", headers={"Accept-Language": "es"})
    error = client.get("/es/family/answers/no-such-answer")
    api_error = client.get("/api/v1/answers?audience=x")

    assert redirect.headers["cache-control"] == "private, no-store"
    assert negotiated.headers["vary"] == "Accept-Language, Accept-Encoding"
    assert error.headers["cache-control"] == "private, no-store"
    assert api_error.headers["cache-control"] == "private, no-store"


def test_cache_lifetimes_are_configurable() -> None:
    settings = settings_for(FIXTURES / "valid", max_age=60, stale_while_revalidate=5, stale_if_error=600)
    with serving(settings) as client:
        response = client.get("/en/family/answers/fever-after-chemo")

    assert response.headers["cache-control"] == "public, max-age=60, stale-while-revalidate=5, stale-if-error=600"


def test_the_cache_is_bounded_and_evicts_the_least_recently_used() -> None:
    app = create_app(settings_for(FIXTURES / "valid", rendition_cache_size=2))
    with serving(app) as client:
        cache = app.renditions.cache
        client.get("/en/family/answers/fever-after-chemo")
        client.get("/es/family/answers/fever-after-chemo")
        client.get("/en/family/answers/fever-after-chemo")  # now the most recently used
        client.get("/de/family/answers/fever-after-chemo")

        assert len(cache) == 2
        assert cache.statistics.evictions == 1
        assert RenditionKey(RenditionKind.ANSWER_HTML, "fever-after-chemo", "family", "en") in cache
        assert RenditionKey(RenditionKind.ANSWER_HTML, "fever-after-chemo", "family", "es") not in cache


@pytest.fixture
def two_answers(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", content)
    other = content / "other-answer"
    shutil.copytree(content / "fever-after-chemo", other)
    toml = other / "answer.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('slug = "fever-after-chemo"', 'slug = "other-answer"', 1),
        encoding="utf-8",
    )
    return content


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_reload_invalidates_exactly_the_renditions_of_changed_answers(two_answers: Path) -> None:
    app = create_app(settings_for(two_answers))
    with serving(app) as client:
        paths = {
            slug: (f"/en/family/answers/{slug}", f"/api/v1/answers/{slug}?audience=family&locale=en")
            for slug in ("fever-after-chemo", "other-answer")
        }
        before = {path: client.get(path).headers["etag"] for both in paths.values() for path in both}
        _edit(two_answers / "other-answer" / "en" / "family.md", "Do not wait", "Please do not wait")
        # other-answer changed; fever-after-chemo links to itself only, so it did not.
        catalog = load_catalog(two_answers).catalog
        app.renditions.site.live.swap(catalog)
        dropped = app.renditions.retain_current()
        builds = app.renditions.cache.statistics.builds
        after = {path: client.get(path).headers["etag"] for both in paths.values() for path in both}

        assert dropped == 2
        for path in paths["fever-after-chemo"]:
            assert after[path] == before[path]
        for path in paths["other-answer"]:
            assert after[path] != before[path]
        assert app.renditions.cache.statistics.builds == builds + 2


def test_an_answer_is_invalidated_when_an_answer_it_links_to_changes(two_answers: Path) -> None:
    _edit(
        two_answers / "fever-after-chemo" / "answer.toml",
        '[[related]]\nslug = "fever-after-chemo"',
        '[[related]]\nslug = "other-answer"',
    )
    app = create_app(settings_for(two_answers))
    with serving(app) as client:
        before = client.get("/en/family/answers/fever-after-chemo")
        _edit(two_answers / "other-answer" / "answer.toml", "What should happen", "What must happen")
        app.renditions.site.live.swap(load_catalog(two_answers).catalog)
        app.renditions.retain_current()
        after = client.get("/en/family/answers/fever-after-chemo")

    assert "What should happen" in before.text
    assert after.headers["etag"] != before.headers["etag"]
    assert '<a href="/en/family/answers/other-answer">What must happen' in after.text
