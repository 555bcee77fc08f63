"""Real Chromium (Debian's) driven by Playwright against a running `tailor serve`.

`.ci/run` starts the server and sets `TAILOR_BROWSER_URL`; without it, the tests start their own.
"""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.helpers import PROJECT
from tests.helpers.browser import AXE, CHROMIUM, FLAGS, new_context
from tests.helpers.processes import free_port, revision, start_server, stop_server, wait_until


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    if url := os.environ.get("TAILOR_BROWSER_URL"):
        yield url.rstrip("/")
        return
    port = free_port()
    process = start_server(PROJECT / "variants", port)
    try:
        wait_until(lambda: revision(port) is not None)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Chromium is missing: `apt-get install chromium` (bash .ci/run does it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    opened = new_context(browser)
    yield opened
    opened.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    assert AXE.exists(), "axe-core is missing: `npm install --prefix tests/browser` (bash .ci/run does it)"
    return AXE.read_text(encoding="utf-8")
