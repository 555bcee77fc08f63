"""Looking into a store's database from a test, on any engine, without the app: plain SQL, one connection."""

import asyncio

from sqlalchemy import pool, text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.helpers import in_thread

__all__ = ["execute", "rows"]


def rows(url: str, query: str) -> list[tuple[object, ...]]:
    """The rows `query` returns in the database at `url`."""

    async def fetch() -> list[tuple[object, ...]]:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        try:
            async with engine.connect() as connection:
                return [tuple(row) for row in (await connection.execute(text(query))).all()]
        finally:
            await engine.dispose()

    return in_thread(asyncio.run, fetch())


def execute(url: str, statement: str) -> int:
    """Run one changing statement in the database at `url`, committed; returns the rows it touched."""

    async def run() -> int:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        try:
            async with engine.begin() as connection:
                return (await connection.execute(text(statement))).rowcount
        finally:
            await engine.dispose()

    touched: int = in_thread(asyncio.run, run())
    return touched
