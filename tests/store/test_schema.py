"""The migrations build exactly the schema the models declare, on each engine."""

import asyncio

from advanced_alchemy.types import GUID
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Connection, pool
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.types import TypeEngine

from service.store import models
from tests.helpers import in_thread


def _compare_type(
    _context: object,
    _inspected: Column[object],
    _declared: Column[object],
    _inspected_type: TypeEngine[object],
    declared_type: TypeEngine[object],
) -> bool | None:
    """Advanced Alchemy's GUID reads back as the engine's own type (NUMERIC on SQLite, UUID on PostgreSQL)."""
    return False if isinstance(declared_type, GUID) else None


def _included(_object: object, name: str | None, kind: str, _reflected: bool, _compare_to: object) -> bool:
    """The session mixin declares a unique index for Cloud Spanner only (`ddl_if`), which Alembic cannot tell."""
    return not (kind == "index" and name is not None and name.endswith("_session_id_unique"))


def test_the_migrated_schema_is_the_models_schema(store_url: str) -> None:
    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(
            connection,
            opts={"version_table": "alembic_versions", "compare_type": _compare_type, "include_object": _included},
        )
        return list(compare_metadata(context, models.AnswerModel.metadata))

    async def compare() -> list[object]:
        engine = create_async_engine(store_url, poolclass=pool.NullPool)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(differences)
        finally:
            await engine.dispose()

    assert in_thread(asyncio.run, compare()) == []
