"""Editors colliding on a real `tailor serve` (two workers) on each engine: six review decisions on one
revision, and six metadata writes from one ETag, each sent at the same moment. One decision per state and
one write per ETag win; every other gets a 409 or 412 and leaves no trace."""

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.editorial.users import Role, add_user
from service.store.database import alchemy_config
from tests.helpers import SLUG, in_thread
from tests.helpers.processes import call, free_port, start_server, stop_server, wait_for_workers
from tests.helpers.sql import rows
from tests.helpers.store import filled_store

REVIEW = f"/api/v1/editorial/answers/{SLUG}/texts/en/family/revisions/1/review"
ANSWER = f"/api/v1/editorial/answers/{SLUG}"


def at_once(requests: list[tuple[str, str, str, bytes, dict[str, str]]], port: int) -> list[tuple[int, bytes]]:
    """Send every (method, path, token, body, headers) from a thread of its own, released together."""
    outcomes: list[tuple[int, bytes]] = [(0, b"")] * len(requests)
    start = threading.Barrier(len(requests))

    def send(index: int) -> None:
        method, path, token, body, headers = requests[index]
        start.wait()
        outcomes[index] = call(port, method, path, token, body, **headers)

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[tuple[int, str, dict[str, str]]]:
    """Two workers on a store filled from `variants/`, with a third reviewer (dee) beside ben and cy."""
    tokens = filled_store(database_url)

    async def third_reviewer() -> str:
        config = alchemy_config(database_url)
        async with config.get_session() as session, session.begin():
            token = await add_user(session, "dee", Role.REVIEWER)
        await config.get_engine().dispose()
        return token

    tokens["dee"] = in_thread(asyncio.run, third_reviewer())
    port = free_port()
    process = start_server(
        None, port, "--database", database_url, "--workers", "2", cwd=tmp_path, log=tmp_path / "server.log"
    )
    try:
        wait_for_workers(tmp_path / "server.log", 2)
        yield port, database_url, tokens
    finally:
        stop_server(process)


def test_of_six_decisions_on_one_revision_at_once_exactly_one_is_taken(
    server: tuple[int, str, dict[str, str]],
) -> None:
    port, url, tokens = server
    assert call(port, "POST", REVIEW, tokens["ben"], json.dumps({"decision": "start"}).encode())[0] == 200

    asked = [(reviewer, decision) for reviewer in ("ben", "cy", "dee") for decision in ("approve", "request-changes")]
    outcomes = at_once(
        [
            ("POST", REVIEW, tokens[reviewer], json.dumps({"decision": decision, "note": reviewer}).encode(), {})
            for reviewer, decision in asked
        ],
        port,
    )

    assert sorted(status for status, _ in outcomes) == [200] + [409] * 5, outcomes
    [(reviewer, decision, body)] = [
        (*asked[index], body) for index, (status, body) in enumerate(outcomes) if status == 200
    ]
    taken = json.loads(body)["status"]
    assert taken == {"approve": "approved", "request-changes": "changes_requested"}[decision]
    # One decision from under review in the history, the winner's; the revision in the state it chose.
    assert rows(url, "select action, to_status, note from audit_log where from_status = 'under_review'") == [
        (f"review-{decision}", taken, reviewer)
    ]
    assert rows(url, "select status from text_revisions where status not in ('submitted')") == [(taken,)]


def test_of_six_metadata_writes_from_one_etag_exactly_one_is_stored(server: tuple[int, str, dict[str, str]]) -> None:
    port, url, tokens = server
    _, body = call(port, "GET", ANSWER, tokens["ana"])
    state = json.loads(body)
    metadata = {key: value for key, value in state["metadata"].items() if key != "last_updated"}

    def written(writer: int) -> bytes:
        question = dict(metadata["question"], en=f"{metadata['question']['en']} ({writer})")
        return json.dumps({**metadata, "question": question}).encode()

    writes = [
        ("PUT", ANSWER, tokens["ana"], written(writer), {"If-Match": state["metadata_etag"]}) for writer in range(6)
    ]
    outcomes = at_once(writes, port)

    assert sorted(status for status, _ in outcomes) == [200] + [412] * 5, outcomes
    _, after = call(port, "GET", ANSWER, tokens["ana"])
    assert json.loads(after)["metadata_revision"] == state["metadata_revision"] + 1
    assert rows(url, "select count(*) from audit_log where action = 'write-metadata'") == [(1,)]
