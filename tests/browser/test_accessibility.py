"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any page a reader can reach."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.helpers import SLUG
from tests.helpers.browser import axe_violations, new_context

AUDIENCES = ["clinician", "nurse", "family"]
LOCALES = ["en", "es", "es-MX", "fr", "de", "ar"]
PAGES = [
    *(f"/{locale}/{audience}/answers/{SLUG}" for locale in LOCALES for audience in AUDIENCES),
    *(f"/{locale}/family/answers" for locale in LOCALES),
    "/en/nurse/editorial-policy",
    f"/es/choose?next=/answers/{SLUG}",
    "/ar/choose",
    "/es/family/search?q=quimioterapia",
    "/ar/nurse/search?q=chemo",
    "/es/family/answers/no-such-answer",
    "/ar/doctor/answers",
]


@pytest.fixture(scope="module")
def axe_context(browser: Browser) -> Iterator[BrowserContext]:
    # The injected axe script is inline, which the pages' CSP rightly refuses; the test bypasses it.
    context = new_context(browser, bypass_csp=True)
    yield context
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violations(axe_context: BrowserContext, axe_source: str, base_url: str, path: str) -> None:
    page = axe_context.new_page()
    page.goto(base_url + path)
    violations = axe_violations(page, axe_source)
    page.close()

    assert violations == []


@pytest.mark.parametrize("path", [f"/es/family/answers/{SLUG}", f"/en/nurse/answers/{SLUG}"])
def test_no_wcag_violations_on_a_phone(browser: Browser, axe_source: str, base_url: str, path: str) -> None:
    """The pages as a parent or a nurse opens them on a 390 × 844 phone: key points, folded sources and all.

    The one script reader pages carry (glossary.js) only opens definitions on demand: the page without
    JavaScript is this same page, and test_glossary runs axe with a definition open.
    """
    context = new_context(browser, bypass_csp=True, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(base_url + path)
    violations = axe_violations(page, axe_source)
    context.close()

    assert violations == []
