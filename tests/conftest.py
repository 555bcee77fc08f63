"""Fixtures: the app on the bundled content, test clients, and the published OpenAPI document.

Shared constants and helpers are in `tests.helpers`; tests import from there, never from here.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.app import create_app
from service.web.fast_path import FastPath
from tests.helpers import FIXTURES, PROJECT, Client, cli, serving, settings_for
from tests.helpers.openapi import OpenApiDocument
from tests.helpers.postgres import PostgresCluster
from tests.helpers.store import Store, open_store


@pytest.fixture(autouse=True, scope="session")
def _own_rule_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Rule results are cached in a directory of the test run's own, never in the user's cache."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture
def app() -> FastPath:
    return create_app(settings_for(PROJECT / "variants"))


@pytest.fixture
def client(app: FastPath) -> Iterator[Client]:
    with serving(app) as test_client:
        yield test_client


@pytest.fixture
def fallback_client() -> Iterator[Client]:
    with serving(settings_for(FIXTURES / "fallback")) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def openapi() -> OpenApiDocument:
    with serving(settings_for(PROJECT / "variants")) as test_client:
        return OpenApiDocument(test_client.get("/schema/openapi.json").json())


@pytest.fixture
def valid_content() -> Path:
    return FIXTURES / "valid"


@pytest.fixture
def bundled_content() -> Path:
    return PROJECT / "variants"


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A copy of the bundled content, for a test to change."""
    directory = tmp_path / "content"
    shutil.copytree(PROJECT / "variants", directory)
    return directory


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A PostgreSQL server of the test run's own (Debian's `postgresql` package), started on first use."""
    cluster = PostgresCluster()
    cluster.start()
    yield cluster
    cluster.stop()
    cluster.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store on each engine: a SQLite file, and a new database on the run's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'tailor.db'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    return cluster.new_database()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An app on a real store, on each engine (see `tests.helpers.store`)."""
    with open_store(database_url) as opened:
        yield opened


@pytest.fixture
def store_url(database_url: str) -> str:
    """An empty store on each engine, its schema applied as an operator would (`tailor db upgrade`)."""
    assert cli("db", "upgrade", "--database", database_url) == 0
    return database_url
