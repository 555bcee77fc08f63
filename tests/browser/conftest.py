"""Real Chromium (Debian's) driven by Playwright against a running `tailor serve`.

`.ci/run` starts the server and sets `TAILOR_BROWSER_URL`; without it, the tests start their own.
"""

import os
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.helpers import PROJECT
from tests.helpers.browser import AXE, CHROMIUM, FLAGS, new_context
from tests.helpers.processes import TAILOR, free_port, revision, wait_until


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    if url := os.environ.get("TAILOR_BROWSER_URL"):
        yield url.rstrip("/")
        return
    port = free_port()
    process = subprocess.Popen(
        [str(TAILOR), "serve", "--port", str(port), "--content", str(PROJECT / "variants")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: revision(port) is not None)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait()


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
