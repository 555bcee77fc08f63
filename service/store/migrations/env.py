"""Alembic's entry point for the store's migrations, run through Advanced Alchemy's commands.

Migrations run on an engine of their own (no pool) in Alembic's own event loop, so they never share
a connection with the application's engine, which belongs to another loop.
"""

import asyncio

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from service.store import models

config = context.config
TARGET = models.AnswerModel.metadata


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=TARGET,
        version_table=getattr(config, "version_table_name", "alembic_versions"),
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _online() -> None:
    engine = create_async_engine(config.db_url, poolclass=pool.NullPool)  # type: ignore[attr-defined]
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_migrate)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.db_url, target_metadata=TARGET, literal_binds=True)  # type: ignore[attr-defined]
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_online())
