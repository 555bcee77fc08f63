"""The store fixture: an app on a real store, on each engine (see `tests.helpers.store`)."""

from collections.abc import Iterator

import pytest

from tests.helpers import cli
from tests.helpers.store import Store, open_store


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        yield opened


@pytest.fixture
def store_url(database_url: str) -> str:
    """An empty store on each engine, its schema applied as an operator would (`tailor db upgrade`)."""
    assert cli("db", "upgrade", "--database", database_url) == 0
    return database_url
