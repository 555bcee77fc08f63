"""Debian's Chromium as Playwright drives it here: its path, its flags, axe-core, and screenshots."""

from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page

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


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
"""What axe-core checks: WCAG 2.0, 2.1 and 2.2, levels A and AA."""


def axe_violations(page: Page, axe_source: str) -> list[str]:
    """axe-core's violations on the page as it is now, one line each (the page's CSP must let its script in)."""
    page.add_script_tag(content=axe_source)
    found: list[str] = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
        }""",
        WCAG_TAGS,
    )
    return found
