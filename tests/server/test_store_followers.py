"""Several processes on one store: what one writes, the others serve within about a second, without a signal."""

import json
import statistics
import time
from pathlib import Path

from tests.helpers import PROJECT, SLUG
from tests.helpers.processes import call, free_port, get, revision, start_server, stop_server, wait_until
from tests.helpers.store import filled_store

TEXT = f"/api/v1/editorial/answers/{SLUG}/texts/en/family"
PAGE = f"/en/family/answers/{SLUG}"
WRITES = 8


def write(port: int, token: str, original: str, marker: str) -> None:
    """A new revision of the English family text: the original one, marked."""
    _, body = call(port, "GET", f"/api/v1/editorial/answers/{SLUG}", token)
    [text] = [t for t in json.loads(body)["texts"] if (t["locale"], t["audience"]) == ("en", "family")]
    markdown = json.dumps({"markdown": original.replace("Chemo is", f"Chemo ({marker}) is", 1)}).encode()
    status, answer = call(port, "PUT", TEXT, token, markdown, **{"If-Match": text["etag"]})
    assert status == 201, answer


def test_a_write_through_one_process_is_served_by_another_within_about_a_second(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'tailor.db'}"
    token = filled_store(database)["ana"]
    writer_port, follower_port = free_port(), free_port()
    writer = start_server(None, writer_port, "--database", database, cwd=tmp_path)
    follower = start_server(None, follower_port, "--database", database, cwd=tmp_path)
    delays: list[float] = []
    original = (PROJECT / "variants" / SLUG / "en" / "family.md").read_text(encoding="utf-8")
    try:
        wait_until(lambda: revision(writer_port) is not None and revision(follower_port) is not None)
        for number in range(WRITES):
            marker = f"write {number}"
            write(writer_port, token, original, marker)
            written = time.monotonic()
            assert marker.encode() in get(writer_port, PAGE)[2]  # the writer serves it before it answers
            # Followers look at the store every second (TAILOR_STORE_POLL); five is room for a busy machine.
            wait_until(lambda marker=marker: marker.encode() in get(follower_port, PAGE)[2], timeout=5)  # type: ignore[misc]
            delays.append(time.monotonic() - written)
        assert revision(writer_port) == revision(follower_port)
    finally:
        stop_server(writer)
        stop_server(follower)

    print(f"follower delay over {WRITES} writes: median {statistics.median(delays):.2f} s, worst {max(delays):.2f} s")
