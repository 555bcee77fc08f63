"""The shipped caches in front of a real Tailor: deploy/nginx.conf through nginx, deploy/varnish.vcl through varnishd.

A shared cache must never hand one reader's rendition to another: every canonical URL is answered
with exactly what Tailor answers for it, whatever cookie or language the reader sends; bare URLs,
redirects and errors are never kept. A publish reaches readers through Varnish at once (Tailor bans
what changed) and through nginx once max-age has run out; a page outlives a Tailor that fails.
"""

import contextlib
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import PROJECT
from tests.helpers.caches import missing, start_nginx, start_varnish
from tests.helpers.processes import free_port, get, start_server, stop_server, wait_until

SLUG = "palliative-neuroblastoma"
FAMILY_TEXT = Path(SLUG) / "en" / "family.md"
# A sentence with no glossary word in it, so that it is one run of text in the page's HTML.
OLD_SENTENCE = "The goal is to shrink the tumor, ease pain and give your child good days."
NEW_SENTENCE = "The goal is to shrink the tumor, ease pain and give your child many good days."
SHARED = [
    f"/{locale}/{audience}/answers/{SLUG}"
    for locale in ("en", "es", "ar")
    for audience in ("clinician", "nurse", "family")
] + [
    "/en/family/answers",
    "/es/nurse/answers",
    "/fr/clinician/editorial-policy",
    f"/api/v1/answers/{SLUG}?audience=family&locale=es",
    f"/api/v1/answers/{SLUG}?audience=nurse&locale=en",
    "/api/v1/answers?audience=clinician&locale=es",
]
"""Canonical URLs in several audiences and locales, each with a rendition of its own."""
A_READER = {"Cookie": "tailor-preference=nurse.es", "Accept-Language": "fr"}
"""A reader whose choice is none of the URLs': what they get must still be the URL's rendition."""


@dataclass
class Stack:
    """Tailor on a copy of the bundled content, and a cache in front of it."""

    kind: str
    content: Path
    tailor: subprocess.Popen[bytes]
    tailor_port: int
    cache_port: int


@contextlib.contextmanager
def running(kind: str, directory: Path, **environment: str) -> Iterator[Stack]:
    """Tailor (watching its content directory) and the `kind` cache in front of it, both stopped afterwards."""
    if missing():
        pytest.fail(f"{', '.join(missing())} missing: .ci/run installs nginx and varnish")
    content = directory / "content"
    shutil.copytree(PROJECT / "variants", content)
    tailor_port, cache_port = free_port(), free_port()
    if kind == "varnish":
        environment.setdefault("TAILOR_CACHE_PURGE_URLS", f"http://127.0.0.1:{cache_port}")
    tailor = start_server(
        content,
        tailor_port,
        log=directory / "tailor.log",
        environment={"TAILOR_WATCH_CONTENT": "1", "TAILOR_CHECK_CACHE": str(directory / "rules"), **environment},
    )
    cache_directory = directory / kind
    cache_directory.mkdir()
    start = start_varnish if kind == "varnish" else start_nginx
    cache = start(cache_directory, port=cache_port, tailor_port=tailor_port)
    try:
        wait_until(lambda: get(tailor_port, "/ready")[0] == 200)
        wait_until(lambda: get(cache_port, f"/en/family/answers/{SLUG}")[0] == 200)
        yield Stack(kind=kind, content=content, tailor=tailor, tailor_port=tailor_port, cache_port=cache_port)
    finally:
        cache.terminate()
        cache.wait(timeout=30)
        stop_server(tailor)


@pytest.fixture(scope="module", params=["nginx", "varnish"])
def stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    # nginx learns of a publish by expiry only: a short max-age keeps the test short.
    environment = {"TAILOR_CACHE_MAX_AGE": "2", "TAILOR_CACHE_STALE_WHILE_REVALIDATE": "1"}
    with running(
        request.param, tmp_path_factory.mktemp(request.param), **(environment if request.param == "nginx" else {})
    ) as started:
        yield started


def test_every_reader_of_a_url_gets_that_urls_rendition(stack: Stack) -> None:
    direct = {path: get(stack.tailor_port, path)[2] for path in SHARED}
    assert len(set(direct.values())) == len(SHARED)  # each URL's rendition is its own
    for path in [*SHARED, *reversed(SHARED)]:
        status, headers, body = get(stack.cache_port, path, A_READER)
        assert status == 200, path
        assert body == direct[path], path
        assert "set-cookie" not in headers
    for path in SHARED:
        status, headers, body = get(
            stack.cache_port, path, {"Accept-Language": "ar", "Cookie": "tailor-preference=clinician.en"}
        )
        assert (status, headers["x-cache"]) == (200, "HIT"), path
        assert body == direct[path], path


def test_a_bare_url_is_decided_for_each_reader_and_never_kept(stack: Stack) -> None:
    readers = {
        "tailor-preference=family.es": f"/es/family/answers/{SLUG}",
        "tailor-preference=nurse.en": f"/en/nurse/answers/{SLUG}",
        "tailor-preference=clinician.ar": f"/ar/clinician/answers/{SLUG}",
    }
    for _ in range(2):
        for cookie, location in readers.items():
            status, headers, _ = get(stack.cache_port, f"/answers/{SLUG}", {"Cookie": cookie})
            assert (status, headers["location"]) == (307, location)
            assert headers["x-cache"] != "HIT"
        status, headers, _ = get(stack.cache_port, f"/answers/{SLUG}", {"Accept-Language": "es"})
        assert (status, headers["location"]) == (307, f"/es/choose?next=%2Fanswers%2F{SLUG}")


def test_errors_and_redirects_are_never_kept(stack: Stack) -> None:
    for path, expected in (("/en/family/answers/no-such-answer", 404), (f"/EN/family/answers/{SLUG}", 308)):
        for _ in range(3):
            status, headers, _ = get(stack.cache_port, path)
            assert status == expected, path
            assert headers["x-cache"] != "HIT", path


def test_a_publish_reaches_readers(stack: Stack) -> None:
    page = f"/en/family/answers/{SLUG}"
    get(stack.cache_port, page)
    status, headers, body = get(stack.cache_port, page)
    assert (status, headers["x-cache"]) == (200, "HIT")
    assert OLD_SENTENCE.encode() in body
    stylesheet = re.search(rb'href="(/static/tailor\.[0-9a-f]+\.css)"', body)
    assert stylesheet is not None
    asset = stylesheet.group(1).decode()
    get(stack.cache_port, asset)

    text = stack.content / FAMILY_TEXT
    text.write_text(text.read_text(encoding="utf-8").replace(OLD_SENTENCE, NEW_SENTENCE), encoding="utf-8")
    wait_until(lambda: NEW_SENTENCE.encode() in get(stack.tailor_port, page)[2], timeout=30)
    published = time.monotonic()
    # Through Varnish at once (max-age is 300 s there: only Tailor's ban can do it); through nginx by expiry.
    wait_until(
        lambda: NEW_SENTENCE.encode() in get(stack.cache_port, page)[2],
        timeout=10 if stack.kind == "varnish" else 20,
    )
    waited = time.monotonic() - published
    if stack.kind == "varnish":
        assert waited < 5
        # The ban named what changed: the stylesheet was kept.
        assert get(stack.cache_port, asset)[1]["x-cache"] == "HIT"
    status, headers, body = get(stack.cache_port, page)
    assert NEW_SENTENCE.encode() in body
    assert OLD_SENTENCE.encode() not in body


@pytest.mark.parametrize("kind", ["nginx", "varnish"])
def test_pages_outlive_a_failing_tailor(kind: str, tmp_path: Path) -> None:
    page = f"/es/family/answers/{SLUG}"
    with running(kind, tmp_path, TAILOR_CACHE_MAX_AGE="1", TAILOR_CACHE_STALE_WHILE_REVALIDATE="0") as stack:
        _, _, kept = get(stack.cache_port, page)
        stop_server(stack.tailor)
        time.sleep(2.5)  # past max-age: only stale-if-error lets the cache answer now
        for _ in range(3):
            status, _, body = get(stack.cache_port, page)
            assert status == 200
            assert body == kept
