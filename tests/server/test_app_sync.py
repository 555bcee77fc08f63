"""An app that syncs offline, through a client generated from Tailor's OpenAPI document and used unedited,
against a real `tailor serve` on a real store: install, idle re-sync, a change, a withdrawal, a lost token."""

import functools
import importlib
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import SLUG
from tests.helpers.app_sync import AppState, sync
from tests.helpers.processes import (
    call,
    free_port,
    get,
    start_server,
    stop_server,
    wait_for_workers,
    wait_until,
)
from tests.helpers.store import filled_store

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


POLL = 0.2
"""Seconds between a server's looks at the store (`TAILOR_STORE_POLL`)."""


@pytest.fixture
def server(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, dict[str, str]]]:
    """A real server with two workers (each follows the store on its own) on a real store, of each engine."""
    url = database_url
    tokens = filled_store(url)
    monkeypatch.setenv("TAILOR_STORE_POLL", str(POLL))
    port = free_port()
    process = start_server(None, port, "--database", url, "--workers", "2", cwd=tmp_path, log=tmp_path / "server.log")
    try:
        wait_for_workers(tmp_path / "server.log", 2)
        yield port, tokens
    finally:
        stop_server(process)


def generated_client(port: int, directory: Path) -> ModuleType:
    schema = directory / "openapi.json"
    schema.write_bytes(get(port, "/schema/openapi.json")[2])
    output = str(directory / "tailor_client")
    generated = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(schema), "--output-path", output, "--meta", "none"],
        check=True,
        capture_output=True,
        text=True,
        cwd=directory,
        timeout=300,
    )
    # Every operation generates: nothing in the document is one the generator must leave out.
    assert "WARNING parsing" not in generated.stdout + generated.stderr
    sys.path.insert(0, str(directory))
    try:
        return importlib.import_module("tailor_client")
    finally:
        sys.path.remove(str(directory))


def workers_agree(port: int, token: str | None) -> bool:
    """Whether both workers have followed the store past `token` to the same point: twenty connections in
    a row (each reaches either worker) get one manifest ETag and a token other than `token`."""
    answers = [get(port, "/api/v1/manifest?audience=family&locale=en") for _ in range(20)]
    etags = {headers["etag"] for _, headers, _ in answers}
    return len(etags) == 1 and all(json.loads(body)["token"] != token for _, _, body in answers)


def test_a_generated_client_keeps_an_app_current_with_a_few_requests(
    server: tuple[int, dict[str, str]], tmp_path: Path
) -> None:
    port, tokens = server
    client = generated_client(port, tmp_path)
    base = f"http://127.0.0.1:{port}"
    state = AppState()

    install = sync(client, base, "family", "en", state)
    idle = sync(client, base, "family", "en", state)

    assert (install.requests, install.fetched) == (2, 1)  # the manifest, one batch
    assert state.answers[SLUG].slug == SLUG
    assert state.answers[SLUG].sections[0].id == "key-points"  # the key points first, for apps too
    assert (idle.requests, idle.not_modified, idle.bytes) == (1, 1, 0)

    # The family text, the metadata (the question on every page) and the family definitions beside the text:
    # then the family rendition is approved.
    for review in (
        f"/api/v1/editorial/answers/{SLUG}/texts/en/family/revisions/1/review",
        f"/api/v1/editorial/answers/{SLUG}/metadata/revisions/1/review",
        "/api/v1/editorial/answers/glossary/texts/en/family/revisions/1/review",
    ):
        for decision in ("start", "approve"):
            assert call(port, "POST", review, tokens["ben"], json.dumps({"decision": decision}).encode())[0] == 200
    wait_until(lambda: workers_agree(port, state.token), timeout=10)
    changed = sync(client, base, "family", "en", state)
    settled = sync(client, base, "family", "en", state)

    assert (changed.requests, changed.fetched) == (2, 1)  # the delta, one batch (every change at once)
    assert state.answers[SLUG].review.status.value == "approved"
    assert (settled.requests, settled.not_modified) == (1, 1)

    publication = f"/api/v1/editorial/answers/{SLUG}/publication"
    assert call(port, "POST", publication, tokens["cy"], json.dumps({"decision": "withdraw"}).encode())[0] == 200
    wait_until(lambda: workers_agree(port, state.token), timeout=10)
    withdrawn = sync(client, base, "family", "en", state)

    assert (withdrawn.requests, withdrawn.dropped, state.etags) == (1, 1, {})

    state.token = "another-store.12"  # noqa: S105 - a manifest token, not a secret
    lost = sync(client, base, "family", "en", state)
    assert lost.requests == 2  # the 410, then the full manifest (empty now)
    assert state.token is not None
    assert state.token.split(".")[0] != "another-store"


def write_family_text(port: int, token: str, marker: str) -> None:
    """A new revision of the English family text, with `marker` in its first paragraph (served at once: the
    store publishes what is submitted)."""
    _, body = call(port, "GET", f"/api/v1/editorial/answers/{SLUG}", token)
    [text] = [t for t in json.loads(body)["texts"] if (t["locale"], t["audience"]) == ("en", "family")]
    markdown = text["markdown"].replace("Chemo", f"Chemo ({marker})", 1)
    path = f"/api/v1/editorial/answers/{SLUG}/texts/en/family"
    status, _ = call(
        port, "PUT", path, token, json.dumps({"markdown": markdown}).encode(), **{"If-Match": text["etag"]}
    )
    assert status == 201


def held_text(state: AppState) -> str:
    return "".join(section.html for section in state.answers[SLUG].sections)


DELAYS = (0.0, 0.05, 0.2, 0.5, 1.0)
"""Seconds between a write and the app's sync: before, about as long as, and well after a poll."""


def test_an_app_that_syncs_right_after_a_write_converges_whatever_the_delay(
    server: tuple[int, dict[str, str]], tmp_path: Path
) -> None:
    """Write, sync after each delay (whichever worker answers), then once both workers have followed the
    store: the app holds the new text, and the next sync is a 304. Before the fix, a sync within a poll
    got the new manifest ETag with the old token and an empty delta, and every later sync was a 304."""
    port, tokens = server
    client = generated_client(port, tmp_path)
    base = f"http://127.0.0.1:{port}"
    state = AppState()
    sync(client, base, "family", "en", state)
    held: list[bool] = []
    for delay in DELAYS:
        marker = f"written {delay} s before a sync"
        before = state.token
        write_family_text(port, tokens["ana"], marker)
        time.sleep(delay)
        sync(client, base, "family", "en", state)
        wait_until(functools.partial(workers_agree, port, before), timeout=10)
        sync(client, base, "family", "en", state)
        settled = sync(client, base, "family", "en", state)
        held.append(marker in held_text(state) and (settled.requests, settled.not_modified) == (1, 1))

    assert held == [True] * len(DELAYS)
