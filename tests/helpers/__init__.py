"""What tests share: paths of fixtures, the bundled answer's facts, test clients and real server processes.

Tests import from here, never from `conftest.py` or from another test module.
"""

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from litestar.testing import TestClient
from markupsafe import Markup

from service.app import create_app
from service.cli.main import main
from service.settings import Settings
from service.web.fast_path import FastPath

FIXTURES = Path(__file__).parent.parent / "fixtures" / "content"
PROJECT = Path(__file__).parent.parent.parent

SLUG = "palliative-neuroblastoma"
SECTIONS = ("evidence", "chemotherapy", "radiotherapy", "supportive-care", "caveats", "algorithm")
CLAIM_EDIT = ("Protect the skin of the treated field.", "Protect the skin of the whole treated field.")
"""An edit of a claim of the bundled English clinician text (`rt-skin`, which every other text carries). Approved, it
makes the texts written from that text stale; an edit that changes no claim would leave them fresh (claim-level drift)."""
"""The bundled answer's sections, in reading order."""
Client = TestClient[FastPath]
T = TypeVar("T")


def settings_for(content: Path, **overrides: object) -> Settings:
    """Settings for an app on `content`; its test client (`testclient`) may read /metrics unless overridden."""
    overrides.setdefault("metrics_allow", ("testclient",))
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


def in_thread(function: Callable[..., T], *arguments: object) -> T:
    """Call `function` on a thread of its own: `asyncio.run` (the store's commands use it) refuses to run
    where an event loop is already running, as Playwright's sync API leaves one in the main thread."""
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(function, *arguments).result()


def cli(*arguments: str) -> int:
    """`tailor …` in this process, on a thread of its own (see `in_thread`)."""
    return in_thread(main, list(arguments))


def reader_text(html: str) -> str:
    """What a reader reads of a page: its text without the markup (a glossary term is a link in a sentence)."""
    return Markup(html).striptags()  # noqa: S704 - read for its text, never served
