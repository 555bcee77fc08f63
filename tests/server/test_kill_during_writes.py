"""SIGKILL in the middle of writes, many times, on a real `tailor serve` and a real SQLite file.

Nothing acknowledged is lost (every 201's revision is stored with its text), and nothing is half
written (every stored revision has its audit entry and the other way round; numbers have no gaps).
"""

import http.client
import json
import random
import re
import sqlite3
import threading
import time
from pathlib import Path

from tests.helpers import SLUG
from tests.helpers.processes import call, free_port, revision, start_server, stop_server, wait_until
from tests.helpers.store import filled_store

TEXT = f"/api/v1/editorial/answers/{SLUG}/texts/en/family"
KILLS = 8
EDITED = re.compile(r"Chemo(?: \(write \d+\))? is")


def test_sigkill_during_writes_loses_nothing_acknowledged_and_keeps_nothing_half_written(tmp_path: Path) -> None:
    database = tmp_path / "tailor.db"
    url = f"sqlite+aiosqlite:///{database}"
    token = filled_store(url)["ana"]
    port = free_port()
    acknowledged: dict[int, str] = {}
    stop = threading.Event()
    served = threading.Event()

    def write() -> None:
        written = 0
        while not stop.is_set():
            if not served.wait(timeout=0.5):
                continue
            try:
                _, body = call(port, "GET", f"/api/v1/editorial/answers/{SLUG}", token)
                [text] = [t for t in json.loads(body)["texts"] if (t["locale"], t["audience"]) == ("en", "family")]
                marker = f"Chemo (write {written}) is"
                markdown = EDITED.sub(marker, text["markdown"], count=1)
                status, answer = call(
                    port, "PUT", TEXT, token, json.dumps({"markdown": markdown}).encode(), **{"If-Match": text["etag"]}
                )
            except (OSError, http.client.HTTPException, ValueError, KeyError):
                continue  # the server is down or was killed mid-response: nothing was acknowledged
            if status == 201:
                acknowledged[json.loads(answer)["revision"]] = marker
                written += 1

    writer = threading.Thread(target=write)
    writer.start()
    schedule = random.Random(11)
    process = start_server(None, port, "--database", url, cwd=tmp_path)
    try:
        for _ in range(KILLS):
            wait_until(lambda: revision(port) is not None)
            served.set()
            time.sleep(schedule.uniform(0.8, 2.0))
            served.clear()
            stop_server(process)  # SIGKILL to the server and its worker, whatever they are doing
            process = start_server(None, port, "--database", url, cwd=tmp_path)
        wait_until(lambda: revision(port) is not None)
    finally:
        stop.set()
        writer.join()
        stop_server(process)

    stored, audited = family_revisions(database)
    assert len(acknowledged) >= KILLS  # writes went on between the kills
    for number, marker in acknowledged.items():
        assert marker in stored[number], number
    assert sorted(stored) == list(range(1, len(stored) + 1))  # no gaps, no duplicates
    assert audited == set(stored)  # every revision has its audit entry, every entry its revision


def family_revisions(database: Path) -> tuple[dict[int, str], set[int]]:
    """The en/family text's stored revisions (number → Markdown) and the revisions its audit log names."""
    with sqlite3.connect(database) as connection:
        assert connection.execute("pragma integrity_check").fetchall() == [("ok",)]
        stored = dict(
            connection.execute(
                "select r.number, r.markdown from text_revisions r join texts t on t.id = r.text_id "
                "where t.locale = 'en' and t.audience = 'family'"
            ).fetchall()
        )
        audited = {
            number
            for (number,) in connection.execute(
                "select revision from audit_log where locale = 'en' and audience = 'family' and action in ('import-text', 'write-text')"
            )
        }
    return stored, audited
