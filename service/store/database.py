"""Which database the store is in, how to reach it, and its schema: migrations applied by Alembic.

The embedded default is SQLite at `data/tailor.db` under the working directory (write-ahead log,
foreign keys on); `TAILOR_DATABASE_URL` or `--database URL` chooses another. Engines and sessions
come from Advanced Alchemy's `SQLAlchemyAsyncConfig`; the migrations live in this package and run
through Advanced Alchemy's Alembic commands, so the schema is the same on every engine.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio.to_thread
from advanced_alchemy.alembic.commands import AlembicCommands
from advanced_alchemy.extensions.litestar import AlembicAsyncConfig, EngineConfig, SQLAlchemyAsyncConfig
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from service.errors import PreconditionFailed

__all__ = [
    "MIGRATIONS",
    "SchemaBehind",
    "alchemy_config",
    "commit_or_lost",
    "ensure_schema",
    "schema_revisions",
    "upgrade",
]

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_versions"


class SchemaBehind(Exception):
    """The database's schema is older than the code's: migrations must be applied first."""


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _: object) -> None:  # noqa: ANN401 - a DB-API connection
    """Foreign keys are off by default in SQLite, and the write-ahead log lets readers and a writer overlap."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def alchemy_config(url: str) -> SQLAlchemyAsyncConfig:
    """Advanced Alchemy's configuration for `url`: engine, sessions (for Litestar's plugin too), migrations.

    For a SQLite file, its folder is created and every connection gets the pragmas above.
    """
    if _is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    config = SQLAlchemyAsyncConfig(
        connection_string=url,
        alembic_config=AlembicAsyncConfig(script_location=str(MIGRATIONS), version_table_name=VERSION_TABLE),
        # A database server that restarted leaves dead connections in the pool: test each before use.
        engine_config=EngineConfig(pool_pre_ping=not _is_sqlite(url)),
    )
    engine = config.get_engine()
    if _is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return config


def upgrade(config: SQLAlchemyAsyncConfig) -> None:
    """Apply every migration the database lacks.

    Alembic runs the async migrations with `asyncio.run`, which refuses a thread whose event loop is
    running; a thread of its own works from anywhere.
    """
    with ThreadPoolExecutor(max_workers=1) as executor:
        executor.submit(AlembicCommands(sqlalchemy_config=config).upgrade, "head").result()


def _head() -> str | None:
    """The newest migration in the package."""
    alembic_config = Config()
    alembic_config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(alembic_config).get_current_head()


async def schema_revisions(engine: AsyncEngine) -> tuple[str | None, str | None]:
    """(the database's revision, the code's head revision); the first is None for an empty database."""

    def current(connection: Connection) -> str | None:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        revision: str | None = context.get_current_revision()
        return revision

    async with engine.connect() as connection:
        found = await connection.run_sync(current)
    return found, _head()


async def ensure_schema(config: SQLAlchemyAsyncConfig, *, create: bool) -> None:
    """Make sure the schema is current: a new, empty embedded (SQLite) database is migrated when `create`.

    A shared database (PostgreSQL) is migrated only by `tailor db upgrade`: several replicas start at
    once, and a schema change is an operator's decision, taken once, not a side effect of a start.

    Raises:
        SchemaBehind: when the database has an older schema (or none, without `create`, or when it is
            not embedded), with the command to run.
    """
    engine = config.get_engine()
    found, head = await schema_revisions(engine)
    if found == head:
        return
    if found is None and create and engine.dialect.name == "sqlite":
        await _run_sync(upgrade, config)
        return
    raise SchemaBehind(
        f"the database schema is at {found or 'nothing'}, the code needs {head}: run `tailor db upgrade`"
        " (with the same --database)"
    )


async def _run_sync(function: Any, *arguments: Any) -> None:  # noqa: ANN401 - a thin wrapper
    """Run a blocking call off the event loop."""
    await anyio.to_thread.run_sync(function, *arguments)


async def commit_or_lost(session: AsyncSession) -> None:
    """Commit a write; a write that lost to a concurrent one (SQLite: database busy) is a 412, never a 500."""
    try:
        await session.commit()
    except (IntegrityError, OperationalError) as lost:
        await session.rollback()
        raise PreconditionFailed() from lost
