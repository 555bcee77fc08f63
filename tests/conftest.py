import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.settings import Settings
from service.web.fast_path import FastPath
from tests.web.openapi import OpenApiDocument

FIXTURES = Path(__file__).parent / "fixtures" / "content"
PROJECT = Path(__file__).parent.parent

SLUG = "palliative-neuroblastoma"
SECTIONS = ("evidence", "chemotherapy", "radiotherapy", "supportive-care", "caveats", "algorithm")
"""The bundled answer's sections, in reading order."""
Client = TestClient[FastPath]


def settings_for(content: Path, **overrides: object) -> Settings:
    return Settings(content_dir=content, locales_dir=PROJECT / "locales", **overrides)  # type: ignore[arg-type]


def wait_ready(client: Client, timeout: float = 30) -> None:
    """Content loads in the background after start-up: wait for /ready."""
    deadline = time.monotonic() + timeout
    while client.get("/ready").status_code != 200:
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not become ready")
        time.sleep(0.01)


@contextmanager
def serving(app: FastPath | Settings, base_url: str = "http://testserver.local") -> Iterator[Client]:
    """A test client for `app` (or an app made from settings), once its content is loaded."""
    with TestClient(app if isinstance(app, FastPath) else create_app(app), base_url=base_url) as client:
        wait_ready(client)
        yield client


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
