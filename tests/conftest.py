from collections.abc import Iterator
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
Client = TestClient[FastPath]


def settings_for(content: Path, **overrides: object) -> Settings:
    return Settings(content_dir=content, locales_dir=PROJECT / "locales", **overrides)  # type: ignore[arg-type]


@pytest.fixture
def app() -> FastPath:
    return create_app(settings_for(PROJECT / "variants"))


@pytest.fixture
def client(app: FastPath) -> Iterator[Client]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def fallback_client() -> Iterator[Client]:
    with TestClient(create_app(settings_for(FIXTURES / "fallback"))) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def openapi() -> OpenApiDocument:
    with TestClient(create_app(settings_for(PROJECT / "variants"))) as test_client:
        return OpenApiDocument(test_client.get("/schema/openapi.json").json())


@pytest.fixture
def valid_content() -> Path:
    return FIXTURES / "valid"


@pytest.fixture
def bundled_content() -> Path:
    return PROJECT / "variants"
