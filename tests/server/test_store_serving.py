"""`tailor serve` on the store, as real processes on a real SQLite file."""

import shutil
import signal
import sqlite3
import subprocess
from pathlib import Path

from service.content.gate import gate
from tests.helpers import PROJECT, SLUG, cli, reader_text
from tests.helpers.processes import TAILOR, free_port, get, revision, start_server, stop_server, wait_until

PAGE = f"/en/family/answers/{SLUG}"


def test_with_no_options_it_creates_the_store_fills_it_from_variants_and_serves_it(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "server.log"
    process = start_server(None, port, cwd=tmp_path, log=log)
    try:
        wait_until(lambda: revision(port) is not None)
        status, headers, body = get(port, PAGE)
    finally:
        stop_server(process)
    file_mode = gate(PROJECT / "variants", previous=None).catalog

    assert (tmp_path / "data" / "tailor.db").is_file()
    assert status == 200
    assert b"Medicine to shrink the tumor" in body
    assert file_mode is not None
    assert headers["x-content-revision"] == file_mode.revision  # the same content, the same revision
    # Two answer folders: the answer and the glossary, six texts each.
    assert "the store was empty: imported 2 answers from" in log.read_text(encoding="utf-8")
    with sqlite3.connect(tmp_path / "data" / "tailor.db") as connection:
        assert connection.execute("select count(*) from text_revisions").fetchone() == (12,)


def test_an_import_from_another_process_is_served_after_sighup(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'tailor.db'}"
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "variants", content)
    port = free_port()
    process = start_server(None, port, "--database", database, cwd=tmp_path)
    try:
        wait_until(lambda: revision(port) is not None)
        before = revision(port)
        family = content / SLUG / "en" / "family.md"
        family.write_text(
            family.read_text(encoding="utf-8").replace("Chemo is strong medicine", "Chemo is a strong medicine"),
            encoding="utf-8",
        )
        assert cli("import", str(content), "--database", database) == 0
        process.send_signal(signal.SIGHUP)
        wait_until(lambda: revision(port) not in {None, before})
        _, headers, body = get(port, PAGE)
    finally:
        stop_server(process)

    assert "Chemo is a strong medicine" in reader_text(body.decode())
    assert headers["x-content-revision"] != before


def test_a_store_whose_schema_is_behind_is_refused_with_the_command_to_run(tmp_path: Path) -> None:
    database = tmp_path / "tailor.db"
    assert cli("db", "upgrade", "--database", f"sqlite+aiosqlite:///{database}") == 0
    with sqlite3.connect(database) as connection:
        connection.execute("update alembic_versions set version_num = 'older'")

    result = subprocess.run(
        [str(TAILOR), "serve", "--port", str(free_port()), "--database", f"sqlite+aiosqlite:///{database}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert "run `tailor db upgrade`" in result.stderr
