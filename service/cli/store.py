"""The store's commands: `tailor db upgrade`, `tailor import DIR`, `tailor export DIR`.

Each takes the same `--database URL` (else `TAILOR_DATABASE_URL`, else the embedded SQLite file) and
returns the exit status; messages for people go to standard error, reports to standard output.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import msgspec
from sqlalchemy import func, select

from service.content.gate import Gate
from service.editorial.coverage import coverage
from service.editorial.users import (
    ProfileTooLong,
    Role,
    UnknownUser,
    UserExists,
    WeakPassword,
    add_user,
    list_users,
    revoke_user,
    set_password,
    set_profile,
)
from service.english import counted
from service.rendition.fallback import FallbackRules
from service.settings import Settings, database_url
from service.store.database import SchemaBehind, alchemy_config, ensure_schema, upgrade
from service.store.models import AnswerModel, UserModel
from service.store.transfer import export_directory, import_directory
from service.structs import Record

__all__ = ["Profile", "prepare_store", "run_coverage", "run_export", "run_import", "run_upgrade", "run_users"]


def run_upgrade(database: str | None) -> int:
    """Apply every migration the database lacks."""
    url = database_url(database)
    upgrade(alchemy_config(url))
    print(f"tailor db upgrade: {_shown(url)} is at the newest schema", file=sys.stderr)
    return 0


def run_import(database: str | None, directory: Path, gate: Gate) -> int:
    """Import `directory`; 1 when any answer was held back for errors (the others are imported)."""
    config = alchemy_config(database_url(database))

    async def go() -> int:
        try:
            await ensure_schema(config, create=True)
        except SchemaBehind as behind:
            print(f"tailor import: {behind}", file=sys.stderr)
            return 2
        report = await import_directory(config, directory, gate=gate)
        await config.get_engine().dispose()
        for problem in report.general:
            print(problem)
        for found in report.held_back:
            print(f"{found.slug}: held back, nothing stored")
            for problem in found.problems:
                print(f"  {problem}")
        print(
            f"imported {counted(len(report.changed), 'answer', 'answers')} with new revisions, "
            f"{len(report.unchanged)} unchanged, {len(report.held_back)} held back for errors"
        )
        return 1 if report.held_back or not directory.is_dir() else 0

    return asyncio.run(go())


def run_export(database: str | None, directory: Path) -> int:
    """Export the latest revisions into `directory`, which must be new or empty."""
    config = alchemy_config(database_url(database))

    async def go() -> int:
        try:
            await ensure_schema(config, create=False)
            written = await export_directory(config, directory)
        except (SchemaBehind, FileExistsError) as refused:
            print(f"tailor export: {refused}", file=sys.stderr)
            return 2
        finally:
            await config.get_engine().dispose()
        print(f"exported {counted(written, 'answer', 'answers')} to {directory}")
        return 0

    return asyncio.run(go())


def _shown(url: str) -> str:
    """A database URL without its password, for messages."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415 - messages only

    return make_url(url).render_as_string(hide_password=True)


def prepare_store(url: str, seed: Path, gate: Gate) -> str | None:
    """Before `tailor serve` starts its workers: a new embedded store gets the schema, an empty one `seed`.

    A shared database (PostgreSQL) is only checked: replicas start together, and its schema and content
    are an operator's steps (`tailor db upgrade`, `tailor import`), taken once. Returns a message saying
    why the server must not start (a schema behind the code), else None.
    """
    config = alchemy_config(url)

    async def go() -> str | None:
        try:
            await ensure_schema(config, create=True)
            async with config.get_session() as session:
                empty = (await session.execute(select(func.count()).select_from(AnswerModel))).scalar_one() == 0
            if empty and seed.is_dir() and config.get_engine().dialect.name == "sqlite":
                report = await import_directory(config, seed, gate=gate)
                print(
                    f"tailor serve: the store was empty: imported {counted(len(report.changed), 'answer', 'answers')} "
                    f"from {seed} ({len(report.held_back)} held back for errors)",
                    file=sys.stderr,
                )
        except SchemaBehind as behind:
            return str(behind)
        finally:
            await config.get_engine().dispose()
        return None

    return asyncio.run(go())


class Profile(Record):
    """What `users add` and `users set-profile` were told of a user's public profile (None: not given)."""

    display_name: str | None = None
    credential: str | None = None
    named_publicly: bool | None = None


def run_users(
    database: str | None,
    action: str,
    name: str | None,
    role: str | None = None,
    password: str | None = None,
    *,
    profile: Profile | None = None,
) -> int:
    """`tailor users add NAME --role R` (prints the token alone), `list`, `revoke`, `set-password`, `set-profile`."""
    profile = profile or Profile()
    config = alchemy_config(database_url(database))

    async def go() -> int:
        try:
            await ensure_schema(config, create=True)
            async with config.get_session() as session, session.begin():
                if action == "add" and name is not None and role is not None:
                    token = await add_user(session, name, Role(role))
                    await set_profile(session, name, **msgspec.structs.asdict(profile))
                    print(token)
                elif action == "set-profile" and name is not None:
                    user = await set_profile(session, name, **msgspec.structs.asdict(profile))
                    print(f"tailor users: readers are told {_shown_as(user)} on {name}'s approvals", file=sys.stderr)
                elif action == "revoke" and name is not None:
                    await revoke_user(session, name)
                    print(f"tailor users: {name}'s token, password and sessions no longer work", file=sys.stderr)
                elif action == "set-password" and name is not None and password is not None:
                    await set_password(session, name, password)
                    print(f"tailor users: {name} can sign in to /editorial/login", file=sys.stderr)
                else:
                    for user in await list_users(session):
                        state = "revoked" if user.revoked else "active"
                        sign_in = "password" if user.password_hash else "token only"
                        print(
                            f"{user.name}\t{user.role}\t{state}\t{sign_in}\t{user.created_at:%Y-%m-%d}\t{_shown_as(user)}"
                        )
        except (SchemaBehind, UserExists, UnknownUser, WeakPassword, ProfileTooLong) as refused:
            print(f"tailor users: {refused}", file=sys.stderr)
            return 1
        finally:
            await config.get_engine().dispose()
        return 0

    return asyncio.run(go())


def _shown_as(user: UserModel) -> str:
    """How readers are told of `user`'s approvals, for the command's output."""
    if not user.named_publicly or user.display_name is None:
        return f"their role ({user.role})"
    return f'"{user.display_name}, {user.credential}"' if user.credential else f'"{user.display_name}"'


def run_coverage(
    database: str | None, settings: Settings, gate: Gate, *, html: Path | None, as_json: bool, locale: str
) -> int:
    """`tailor coverage`: a line per answer (or JSON), and with `--html FILE` the coverage map as a page."""
    config = alchemy_config(database_url(database))
    rules = FallbackRules(default_locale=settings.default_locale, audience_fallback=settings.audience_fallback)

    async def go() -> int:
        try:
            await ensure_schema(config, create=False)
            async with config.get_session() as session:
                answers = await coverage(session, rules=rules, gate=gate)
        except SchemaBehind as refused:
            print(f"tailor coverage: {refused}", file=sys.stderr)
            return 2
        finally:
            await config.get_engine().dispose()
        if as_json:
            print(msgspec.json.encode(answers).decode())
        else:
            for answer in answers:
                summary = answer.summary
                print(
                    f"{answer.slug}: {summary.present}/{summary.cells} written, {summary.approved} approved, "
                    f"{summary.stale} stale, {summary.too_hard} too hard, {summary.missing} falling back"
                    + (f", {counted(answer.errors, 'error', 'errors')}" if answer.errors else "")
                    + (" (withdrawn)" if answer.withdrawn else "")
                )
        if html is not None:
            from service.editorial.coverage_report import coverage_html  # noqa: PLC0415 - templates only when asked

            html.write_text(coverage_html(answers, settings, locale), encoding="utf-8")
            print(f"tailor coverage: wrote {html}", file=sys.stderr)
        return 1 if any(answer.errors for answer in answers) else 0

    return asyncio.run(go())
