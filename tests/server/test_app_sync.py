"""An app that syncs offline, through a client generated from Tailor's OpenAPI document and used unedited,
against a real `tailor serve` on a real store: install, idle re-sync, a change, a withdrawal, a lost token."""

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import SLUG
from tests.helpers.app_sync import AppState, sync
from tests.helpers.processes import call, free_port, get, revision, start_server, stop_server, wait_until
from tests.helpers.store import filled_store

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, dict[str, str]]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'tailor.db'}"
    tokens = filled_store(url)
    monkeypatch.setenv("TAILOR_STORE_POLL", "0.2")
    port = free_port()
    process = start_server(None, port, "--database", url, cwd=tmp_path)
    try:
        wait_until(lambda: revision(port) is not None)
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


def token_moved(port: int, token: str | None) -> bool:
    manifest = json.loads(get(port, f"/api/v1/manifest?audience=family&locale=en&since={token}")[2])
    return bool(manifest["token"] != token)


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
    assert state.answers[SLUG].sections[0].id == "evidence"
    assert (idle.requests, idle.not_modified, idle.bytes) == (1, 1, 0)

    review = f"/api/v1/editorial/answers/{SLUG}/texts/en/family/revisions/1/review"
    for decision in ("start", "approve"):
        assert call(port, "POST", review, tokens["ben"], json.dumps({"decision": decision}).encode())[0] == 200
    wait_until(lambda: token_moved(port, state.token), timeout=10)
    changed = sync(client, base, "family", "en", state)
    settled = sync(client, base, "family", "en", state)

    assert (changed.requests, changed.fetched) == (2, 1)  # the delta, one batch
    assert state.answers[SLUG].review.status.value == "approved"
    assert (settled.requests, settled.not_modified) == (1, 1)

    publication = f"/api/v1/editorial/answers/{SLUG}/publication"
    assert call(port, "POST", publication, tokens["cy"], json.dumps({"decision": "withdraw"}).encode())[0] == 200
    wait_until(lambda: token_moved(port, state.token), timeout=10)
    withdrawn = sync(client, base, "family", "en", state)

    assert (withdrawn.requests, withdrawn.dropped, state.etags) == (1, 1, {})

    state.token = "another-store.12"  # noqa: S105 - a manifest token, not a secret
    lost = sync(client, base, "family", "en", state)
    assert lost.requests == 2  # the 410, then the full manifest (empty now)
    assert state.token is not None
    assert state.token.split(".")[0] != "another-store"
