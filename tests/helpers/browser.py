"""Debian's Chromium as Playwright drives it here: its path, its flags, axe-core, and screenshots."""

from pathlib import Path

from playwright.sync_api import Browser, BrowserContext

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent.parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).parent.parent / "browser" / "screenshots"


def new_context(browser: Browser, **options: object) -> BrowserContext:
    return browser.new_context(**options)  # type: ignore[arg-type]
