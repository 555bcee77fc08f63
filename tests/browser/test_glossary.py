"""Words to know on a phone: a term's definition reached by keyboard, with JavaScript (a popover) and without."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.helpers import SLUG
from tests.helpers.browser import axe_violations, new_context

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}
READERS = [("es", "family", "Palabras que conviene conocer"), ("en", "nurse", "Words to know")]


def _tab_to_first_term(page: Page) -> str:
    """Press Tab until a term has the focus (as a keyboard user gets there); returns the term's id."""
    for _ in range(60):
        page.keyboard.press("Tab")
        found = page.evaluate("document.activeElement.classList.contains('term') && document.activeElement.hash")
        if found:
            return str(found).removeprefix("#")
    raise AssertionError("no term is reachable by Tab")


@pytest.mark.parametrize(("locale", "audience", "heading"), READERS)
def test_without_javascript_a_term_leads_to_its_definition_and_back(
    browser: Browser, base_url: str, locale: str, audience: str, heading: str
) -> None:
    context = new_context(browser, java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/{locale}/{audience}/answers/{SLUG}")

    target = _tab_to_first_term(page)
    page.keyboard.press("Enter")

    assert page.url.endswith(f"#{target}")
    entry = page.locator(f"[id='{target}']")
    expect(entry).to_be_in_viewport()
    expect(entry.locator("xpath=ancestor::div[contains(@class, 'words-to-know')]//h3")).to_have_text(heading)
    definition = entry.locator("xpath=following-sibling::dd[1]")
    expect(definition.locator("p").first).not_to_be_empty()
    definition.locator(".term-back").click()
    assert re.search(r"#term-use-[a-z0-9-]+$", page.url)
    expect(page.locator(f"a.term[href='#{target}']")).to_be_in_viewport()
    context.close()


@pytest.mark.parametrize(("locale", "audience", "heading"), READERS)
def test_with_javascript_a_term_opens_its_definition_in_a_popover_that_escape_closes(
    browser: Browser, base_url: str, axe_source: str, locale: str, audience: str, heading: str
) -> None:
    # axe's script is inline, which the pages' CSP rightly refuses: the test bypasses it.
    context = new_context(browser, bypass_csp=True, **PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/{locale}/{audience}/answers/{SLUG}")

    target = _tab_to_first_term(page)
    term = page.locator(f"a.term[href='#{target}']")
    expect(term).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")

    popover = page.locator(f"[id='{target}-popover']")
    expect(popover).to_be_visible()
    expect(popover).to_have_attribute("role", "dialog")
    expect(term).to_have_attribute("aria-expanded", "true")
    assert page.url.endswith(f"/answers/{SLUG}")  # the page did not jump
    definition = page.locator(f"[id='{target}'] + dd p").first.inner_text()
    expect(popover).to_contain_text(definition.split("\n")[0])
    assert page.evaluate(f"document.getElementById('{target}-popover').contains(document.activeElement)")
    assert axe_violations(page, axe_source) == []  # the popover open

    page.keyboard.press("Escape")

    expect(popover).to_be_hidden()
    expect(term).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("document.activeElement.hash") == f"#{target}"  # focus is back on the term
    context.close()


def test_the_popover_close_button_closes_it_and_says_so_in_the_readers_language(
    browser: Browser, base_url: str
) -> None:
    context = new_context(browser, **PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/es/family/answers/{SLUG}")

    term = page.locator("#section-chemotherapy a.term").first
    term.click()
    popover = page.locator(".term-popover:popover-open")
    close = popover.get_by_role("button", name="Cerrar")
    expect(close).to_be_visible()
    box = close.bounding_box()
    assert box is not None
    assert box["width"] >= 24 and box["height"] >= 24  # noqa: PT018 - one target size
    close.click()

    expect(page.locator(".term-popover:popover-open")).to_have_count(0)
    context.close()
