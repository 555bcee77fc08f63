"""Content directories into and out of a real store (SQLite and PostgreSQL): through the gate, whole answers,
round trips; and what is particular to the embedded SQLite file."""

import asyncio
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from service.content.files import AnswerFiles
from service.content.gate import CheckedContent, ContentFiles, Gate
from service.content.model import Answer
from service.store import transfer
from service.store.database import alchemy_config, ensure_schema, schema_revisions, upgrade
from service.store.transfer import export_directory, import_directory
from tests.helpers import FIXTURES, PROJECT, cli, in_thread
from tests.helpers.processes import TAILOR
from tests.helpers.sql import rows as any_rows

ANSWER = "palliative-neuroblastoma"


def url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def rows(database: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


def revisions(database: str) -> tuple[int, int]:
    """(answer revisions, text revisions) stored."""
    return (
        any_rows(database, "select count(*) from answer_revisions")[0][0],  # type: ignore[return-value]
        any_rows(database, "select count(*) from text_revisions")[0][0],
    )


def test_a_new_database_gets_the_schema_with_foreign_keys_and_the_write_ahead_log(tmp_path: Path) -> None:
    database = tmp_path / "data" / "tailor.db"
    config = alchemy_config(url(database))

    async def go() -> tuple[str | None, str | None]:
        await ensure_schema(config, create=True)
        found = await schema_revisions(config.get_engine())
        await config.get_engine().dispose()
        return found

    found, head = in_thread(asyncio.run, go())

    assert found == head is not None
    assert rows(database, "pragma journal_mode") == [("wal",)]
    tables = {name for (name,) in rows(database, "select name from sqlite_master where type = 'table'")}
    assert {"answers", "answer_revisions", "texts", "text_revisions", "audit_log"} <= tables


def test_import_export_round_trip_changes_nothing(tmp_path: Path, store_url: str) -> None:
    database = store_url
    assert cli("import", str(PROJECT / "variants"), "--database", database) == 0
    stored = revisions(database)
    exported = tmp_path / "exported"

    assert cli("export", str(exported), "--database", database) == 0
    assert cli("check", str(exported)) == 0
    assert cli("import", str(exported), "--database", database) == 0
    assert revisions(database) == stored == (2, 12)  # the answer and the glossary, six texts each
    for path in (PROJECT / "variants").rglob("*"):
        if path.is_file():
            twin = exported / path.relative_to(PROJECT / "variants")
            assert twin.read_bytes() == path.read_bytes(), path


def test_a_changed_text_adds_one_revision_and_its_audit_entry(tmp_path: Path, store_url: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "variants", content)
    database = store_url
    cli("import", str(content), "--database", database)
    family = content / ANSWER / "en" / "family.md"
    family.write_text(
        family.read_text(encoding="utf-8").replace("Chemo is strong", "Chemo is a strong"), encoding="utf-8"
    )

    assert cli("import", str(content), "--database", database) == 0
    assert revisions(database) == (2, 13)
    assert any_rows(
        database,
        "select t.locale, t.audience, r.number, r.status from text_revisions r join texts t on t.id = r.text_id "
        "where r.number = 2",
    ) == [("en", "family", 2, "submitted")]
    assert any_rows(
        database, "select actor, action, locale, audience, revision from audit_log order by id desc limit 1"
    ) == [("import", "import-text", "en", "family", 2)]


def test_an_answer_with_errors_is_not_stored_at_all(
    tmp_path: Path, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "rules" / "number-not-in-clinician", content)
    database = store_url

    assert cli("import", str(content), "--database", database) == 1
    output = capsys.readouterr().out
    assert "fever-after-chemo: held back, nothing stored" in output
    assert "number-not-in-clinician" in output
    assert revisions(database) == (0, 0)
    assert any_rows(database, "select count(*) from answers") == [(0,)]


def test_export_refuses_a_directory_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "tailor.db"
    cli("import", str(FIXTURES / "valid"), "--database", url(database))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine", encoding="utf-8")

    assert cli("export", str(tmp_path / "out"), "--database", url(database)) == 2
    assert "is not empty" in capsys.readouterr().err


def test_a_database_behind_the_code_is_refused_with_the_command_to_run(tmp_path: Path) -> None:
    database = tmp_path / "tailor.db"
    config = alchemy_config(url(database))
    upgrade(config)
    with sqlite3.connect(database) as connection:
        connection.execute("update alembic_versions set version_num = 'older'")

    result = subprocess.run(
        [str(TAILOR), "export", str(tmp_path / "out"), "--database", url(database)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert "run `tailor db upgrade`" in result.stderr


def test_db_upgrade_is_a_command(tmp_path: Path) -> None:
    database = tmp_path / "tailor.db"
    result = subprocess.run(
        [str(TAILOR), "db", "upgrade", "--database", url(database)], capture_output=True, text=True, check=False
    )

    config = alchemy_config(url(database))
    _, head = in_thread(asyncio.run, schema_revisions(config.get_engine()))
    in_thread(asyncio.run, config.get_engine().dispose())

    assert result.returncode == 0, result.stderr
    assert rows(database, "select version_num from alembic_versions") == [(head,)]


def test_the_store_functions_take_one_transaction_per_answer(
    tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "rules" / "related-should-link", content)  # two answers
    config = alchemy_config(store_url)
    store_answer = transfer._import_answer

    async def second_fails(session: AsyncSession, read: AnswerFiles, answer: Answer, stored: object) -> bool:
        await store_answer(session, read, answer, stored)  # type: ignore[arg-type]
        if answer.slug == "fever-after-chemo":
            raise RuntimeError("the store went away")
        return True

    async def go() -> tuple[int, list[str]]:
        await ensure_schema(config, create=True)
        report = await import_directory(config, content, gate=Gate())
        written = await export_directory(config, tmp_path / "out")
        await config.get_engine().dispose()
        return written, list(report.changed)

    written, changed = in_thread(asyncio.run, go())
    assert written == 2
    assert changed == ["central-lines", "fever-after-chemo"]

    # The second answer failing mid-way rolls back that answer alone: the first stays stored whole.
    failing = tmp_path / "failing"
    shutil.copytree(content, failing)
    for folder in failing.iterdir():
        (folder / "en" / "family.md").write_text(
            (folder / "en" / "family.md").read_text(encoding="utf-8") + "\nOne more plain line.\n", encoding="utf-8"
        )
    before = revisions(store_url)
    monkeypatch.setattr(transfer, "_import_answer", second_fails)

    async def fail() -> None:
        try:
            await import_directory(config, failing, gate=Gate())
        finally:
            await config.get_engine().dispose()

    with pytest.raises(RuntimeError):
        in_thread(asyncio.run, fail())
    assert revisions(store_url) == (before[0], before[1] + 1)
    assert any_rows(store_url, "select count(*) from audit_log where action = 'import-text' and revision = 2") == [(1,)]


def test_import_stores_the_bytes_the_gate_checked(
    tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "rules" / "related-should-link", content)
    family = content / "fever-after-chemo" / "en" / "family.md"
    checked_text = family.read_text(encoding="utf-8")
    check = Gate.check_files

    def check_then_change_the_file(gate: Gate, files: ContentFiles) -> CheckedContent:
        result = check(gate, files)
        family.write_text("# Not checked\n\nText written after the check, with 99 % made up.\n", encoding="utf-8")
        return result

    monkeypatch.setattr(Gate, "check_files", check_then_change_the_file)
    config = alchemy_config(store_url)

    async def go() -> None:
        await ensure_schema(config, create=True)
        await import_directory(config, content, gate=Gate())
        await config.get_engine().dispose()

    in_thread(asyncio.run, go())
    stored = any_rows(
        store_url,
        "select r.markdown from text_revisions r join texts t on t.id = r.text_id join answers a on a.id = t.answer_id"
        " where a.slug = 'fever-after-chemo' and t.locale = 'en' and t.audience = 'family'",
    )
    assert stored == [(checked_text,)]
