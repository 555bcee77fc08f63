"""What tests share: paths of fixtures, the bundled answer's facts, test clients and real server processes.

Tests import from here, never from `conftest.py` or from another test module.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from litestar.testing import TestClient

from service.app import create_app
from service.settings import Settings
from service.web.fast_path import FastPath

FIXTURES = Path(__file__).parent.parent / "fixtures" / "content"
PROJECT = Path(__file__).parent.parent.parent

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
