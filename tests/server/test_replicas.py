"""Two `tailor serve` replicas on one real PostgreSQL server: publishes reach the other replica within
about a second, readers never get a body that does not belong to the revision in its header, and the
replicas ride out a database restart and a database killed in the middle of writes."""

import http.client
import json
import re
import statistics
import subprocess
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import PROJECT, SLUG, cli
from tests.helpers.postgres import PostgresCluster
from tests.helpers.processes import TAILOR, call, free_port, get, revision, start_server, stop_server, wait_until
from tests.helpers.sql import rows
from tests.helpers.store import filled_store

TEXT = f"/api/v1/editorial/answers/{SLUG}/texts/en/family"
READER = f"/api/v1/answers/{SLUG}?audience=family&locale=en"
ORIGINAL = (PROJECT / "variants" / SLUG / "en" / "family.md").read_text(encoding="utf-8")
MARKER = re.compile(rb"Chemo(?:</a>)? \(publish (\d+)\) is")  # "Chemo" is a glossary term: a link
PUBLISHES = 50


@contextmanager
def replicas(url: str, directory: Path, *extra: str) -> Iterator[tuple[int, int]]:
    """Two servers on the store at `url`; their ports, once both serve."""
    ports = (free_port(), free_port())
    processes = [
        start_server(None, port, "--database", url, *extra, cwd=directory, log=directory / f"replica-{port}.log")
        for port in ports
    ]
    try:
        wait_until(lambda: all(revision(port) is not None for port in ports))
        yield ports
    finally:
        for process in processes:
            stop_server(process)


def write(port: int, token: str, number: int) -> int:
    """Write revision `number`'s text through the replica on `port`; its revision number."""
    _, body = call(port, "GET", f"/api/v1/editorial/answers/{SLUG}", token)
    [text] = [t for t in json.loads(body)["texts"] if (t["locale"], t["audience"]) == ("en", "family")]
    markdown = ORIGINAL.replace("Chemo is", f"Chemo (publish {number}) is", 1)
    status, answer = call(
        port, "PUT", TEXT, token, json.dumps({"markdown": markdown}).encode(), **{"If-Match": text["etag"]}
    )
    assert status == 201, answer
    return int(json.loads(answer)["revision"])


def decide(port: int, token: str, locale: str, audience: str, number: int, decision: str) -> None:
    path = f"/api/v1/editorial/answers/{SLUG}/texts/{locale}/{audience}/revisions/{number}/review"
    status, body = call(port, "POST", path, token, json.dumps({"decision": decision}).encode())
    assert status == 200, body


def approve(port: int, token: str, locale: str, audience: str, number: int) -> None:
    decide(port, token, locale, audience, number, "start")
    decide(port, token, locale, audience, number, "approve")


def served_marker(port: int) -> int | None:
    found = MARKER.search(get(port, READER)[2])
    return int(found.group(1)) if found else None


def test_a_publish_through_one_replica_is_served_by_the_other_and_no_reader_gets_a_mixed_revision(
    postgres: PostgresCluster, tmp_path: Path
) -> None:
    url = postgres.new_database()
    tokens = filled_store(url)
    delays: list[float] = []
    seen: dict[str, set[int | None]] = defaultdict(set)
    failures: list[int] = []
    stop = threading.Event()

    def read(port: int) -> None:
        while not stop.is_set():
            try:
                status, headers, body = get(port, READER)
            except (OSError, http.client.HTTPException):
                failures.append(-1)
                continue
            if status != 200:
                failures.append(status)
                continue
            found = MARKER.search(body)
            seen[headers["x-content-revision"]].add(int(found.group(1)) if found else None)

    with replicas(url, tmp_path, "--publish", "approved") as (first, second):
        # Published once every English text and the metadata (the question readers see) are approved.
        for audience in ("clinician", "nurse", "family"):
            approve(first, tokens["ben"], "en", audience, 1)
        for decision in ("start", "approve"):
            metadata = f"/api/v1/editorial/answers/{SLUG}/metadata/revisions/1/review"
            assert call(first, "POST", metadata, tokens["ben"], json.dumps({"decision": decision}).encode())[0] == 200
        wait_until(lambda: get(second, READER)[0] == 200, timeout=10)
        readers = [threading.Thread(target=read, args=(port,)) for port in (first, second, first, second)]
        for reader in readers:
            reader.start()
        try:
            for number in range(PUBLISHES):
                revision_number = write(first, tokens["ana"], number)
                assert served_marker(second) != number  # written, not approved: not published
                approve(first, tokens["ben"], "en", "family", revision_number)
                approved = time.monotonic()
                wait_until(lambda number=number: served_marker(second) == number, timeout=5)  # type: ignore[misc]
                delays.append(time.monotonic() - approved)
        finally:
            stop.set()
            for reader in readers:
                reader.join()
        assert revision(first) == revision(second)

    print(
        f"\nreplica B serves what was approved through A after: median {statistics.median(delays) * 1000:.0f} ms, "
        f"worst {max(delays) * 1000:.0f} ms ({PUBLISHES} publishes); {sum(len(v) for v in seen.values())} "
        f"revisions seen by readers"
    )
    assert failures == []
    assert all(len(markers) == 1 for markers in seen.values()), seen  # one body per revision, on both replicas
    assert len(seen) > PUBLISHES // 2  # the readers did see the publishes go by


def test_replicas_ride_out_a_database_restart_and_catch_up_on_what_changed_meanwhile(
    tmp_path: Path,
) -> None:
    cluster = PostgresCluster()
    cluster.start()
    try:
        url = cluster.new_database()
        tokens = filled_store(url)
        failures: list[int] = []
        stop = threading.Event()

        with replicas(url, tmp_path) as (first, second):

            def read() -> None:
                while not stop.is_set():
                    for port in (first, second):
                        try:
                            status = get(port, f"/en/family/answers/{SLUG}")[0]
                        except (OSError, http.client.HTTPException):
                            status = -1
                        if status != 200:
                            failures.append(status)

            reader = threading.Thread(target=read)
            reader.start()
            try:
                cluster.stop()
                time.sleep(3)  # both replicas go on serving what they have
                assert get(first, "/ready")[0] == 200
                cluster.start()
                # The first write after the restart goes through a pooled connection that was cut.
                wait_until(lambda: write(first, tokens["ana"], 1) > 0, timeout=30)
                wait_until(lambda: served_marker(second) == 1, timeout=15)
            finally:
                stop.set()
                reader.join()
        assert failures == []
    finally:
        cluster.stop()
        cluster.remove()


def test_a_database_killed_in_the_middle_of_writes_loses_no_acknowledged_revision(tmp_path: Path) -> None:
    cluster = PostgresCluster()
    cluster.start()
    try:
        url = cluster.new_database()
        token = filled_store(url)["ana"]
        acknowledged: dict[int, int] = {}
        stop = threading.Event()
        with replicas(url, tmp_path) as (first, _):

            def keep_writing() -> None:
                number = 0
                while not stop.is_set():
                    number += 1
                    try:
                        acknowledged[write(first, token, number)] = number
                    except (OSError, http.client.HTTPException, AssertionError, ValueError, KeyError):
                        time.sleep(0.05)  # refused or cut off while the database was down: not acknowledged

            writer = threading.Thread(target=keep_writing)
            writer.start()

            def a_few_more() -> None:
                before = len(acknowledged)
                wait_until(lambda: len(acknowledged) > before + 3, timeout=30)

            try:
                for _ in range(3):
                    a_few_more()
                    cluster.kill()
                    time.sleep(0.5)
                    cluster.start()
                a_few_more()
            finally:
                stop.set()
                writer.join()
        stored = {
            int(str(number)): str(markdown)
            for number, markdown in rows(
                url,
                "select r.number, r.markdown from text_revisions r join texts t on t.id = r.text_id "
                "where t.locale = 'en' and t.audience = 'family'",
            )
        }
        audited = {
            number
            for (number,) in rows(
                url,
                "select revision from audit_log where locale = 'en' and audience = 'family' "
                "and action in ('import-text', 'write-text')",
            )
        }
    finally:
        cluster.stop()
        cluster.remove()

    print(f"\n{len(acknowledged)} acknowledged writes across 3 kills of the database server")
    for number, marker in acknowledged.items():
        assert f"Chemo (publish {marker}) is" in stored[number], number
    assert sorted(stored) == list(range(1, len(stored) + 1))
    assert audited == set(stored)


def test_a_replica_refuses_a_schema_that_is_behind_and_says_which_command_to_run(postgres: PostgresCluster) -> None:
    empty = postgres.new_database()
    behind = postgres.new_database()
    assert cli("db", "upgrade", "--database", behind) == 0
    postgres.sql("update alembic_versions set version_num = '0004'", database=behind.rsplit("/", 1)[1])

    for url, found in ((empty, "nothing"), (behind, "0004")):
        result = subprocess.run(
            [str(TAILOR), "serve", "--port", str(free_port()), "--database", url],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 1
        assert f"the database schema is at {found}" in result.stderr
        assert "run `tailor db upgrade`" in result.stderr
    assert rows(empty, "select count(*) from pg_tables where tablename = 'answers'") == [(0,)]  # nothing created
