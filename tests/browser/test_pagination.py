"""Paging through a long answer list in Chromium, without JavaScript, on a phone."""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.helpers import PROJECT
from tests.helpers.browser import new_context
from tests.helpers.processes import free_port, revision, start_server, stop_server, wait_until


@pytest.fixture(scope="module")
def long_list(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on 120 synthetic answers: three pages of the list."""
    content: Path = tmp_path_factory.mktemp("long-list")
    subprocess.run(
        [sys.executable, str(PROJECT / "bench" / "synthetic.py"), str(content), "--answers", "120"], check=True
    )
    port = free_port()
    process = start_server(content, port)
    try:
        wait_until(lambda: revision(port) is not None)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(process)


def test_a_reader_pages_through_the_list_and_back(browser: Browser, long_list: str) -> None:
    page = new_context(browser, java_script_enabled=False, viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{long_list}/es/nurse/answers")

    expect(page.locator(".count")).to_have_text("120 respuestas")
    expect(page.locator(".answer-list li")).to_have_count(50)
    first = page.locator(".answer-list li a").first.inner_text()
    page.get_by_role("link", name="Página siguiente").click()
    page.wait_for_url(f"{long_list}/es/nurse/answers?page=2")
    expect(page.locator(".pager [aria-current=page]")).to_have_text("Página 2 de 3")
    assert page.locator(".answer-list li a").first.inner_text() != first
    page.get_by_role("link", name="Página siguiente").click()
    expect(page.locator(".answer-list li")).to_have_count(20)
    expect(page.get_by_role("link", name="Página siguiente")).to_have_count(0)
    page.get_by_role("link", name="Página anterior").click()
    page.get_by_role("link", name="Página anterior").click()
    page.wait_for_url(f"{long_list}/es/nurse/answers")
    assert page.locator(".answer-list li a").first.inner_text() == first
    page.context.close()
