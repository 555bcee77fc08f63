"""What readers do, in Chromium: choose who they are, switch language, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.helpers import SLUG
from tests.helpers.browser import new_context

SPANISH_BROWSER = {"locale": "es-ES", "extra_http_headers": {"Accept-Language": "es-ES,es;q=0.9"}}


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_spanish_parent_with_a_shared_link_is_asked_first_and_the_choice_holds(
    browser: Browser, base_url: str, javascript: bool
) -> None:
    context = new_context(browser, java_script_enabled=javascript, **SPANISH_BROWSER, **PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/answers/{SLUG}")

    assert page.url == f"{base_url}/es/choose?next=%2Fanswers%2F{SLUG}"
    assert page.get_attribute("html", "lang") == "es"
    family = page.get_by_role("button", name="Paciente, padre, madre o familiar")
    for option in page.locator(".chooser-option").all():
        box = option.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= 844  # every option in the first screen of a phone
        assert box["height"] >= 44  # and large enough to tap
    family.click()
    page.wait_for_url(f"{base_url}/es/family/answers/{SLUG}")
    assert page.locator("#heading-chemotherapy").inner_text() == "Medicinas para reducir el tumor"
    current = page.locator(".current-version")
    box = current.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= 844  # which version this is, and the way to change it, in the first screen
    assert "familias" in current.inner_text()
    current.get_by_role("link").click()  # the chooser, a link away: answer pages do not repeat the selector
    page.wait_for_url(f"{base_url}/es/choose?next=%2Fanswers%2F{SLUG}")
    page.go_back()

    page.get_by_role("link", name="Tailor").click()
    page.wait_for_url(f"{base_url}/es/family/answers")
    page.reload()
    assert page.url == f"{base_url}/es/family/answers"
    other = context.new_page()
    other.goto(f"{base_url}/answers/{SLUG}")
    assert other.url == f"{base_url}/es/family/answers/{SLUG}"  # remembered: not asked again
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_switching_language_keeps_the_audience_and_switching_audience_keeps_the_language(
    browser: Browser, base_url: str, javascript: bool
) -> None:
    context = new_context(browser, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{base_url}/es/family/answers/{SLUG}")

    page.select_option("#language-choice", "en")
    page.get_by_role("button", name="Cambiar idioma").click()
    page.wait_for_url(f"{base_url}/en/family/answers/{SLUG}")
    page.get_by_role("link", name="Change it").click()
    page.get_by_role("button", name="Nurse or allied health professional").click()
    page.wait_for_url(f"{base_url}/en/nurse/answers/{SLUG}")

    assert page.locator("#heading-chemotherapy").inner_text() == "Chemotherapy with palliative intent"
    context.close()


def focused_outline(page: Page) -> tuple[str, str, float]:
    name, style, width = page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return [element.tagName.toLowerCase() + (element.id ? '#' + element.id : ''), style.outlineStyle, parseFloat(style.outlineWidth)];
        }"""
    )
    return str(name), str(style), float(width)


def test_keyboard_only(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/en/clinician/answers")  # the list holds the selector; answer pages link to the chooser
    reached: list[str] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        name, style, width = focused_outline(page)
        reached.append(name)
        assert style != "none", f"focus on {name} is not visible"
        assert width >= 2, f"focus on {name} is not visible"
        if name == "input#audience-clinician":
            break

    assert "select#language-choice" in reached
    assert "input#audience-clinician" in reached
    page.keyboard.press("ArrowDown")  # radio group: moves to and checks the next audience
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "audience-family"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/en/family/answers")

    page.focus("#language-choice")
    page.keyboard.press("ArrowDown")  # English → Español
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/es/family/answers")


def test_a_spanish_reader_finds_the_answer_typing_without_accents(browser: Browser, base_url: str) -> None:
    page = new_context(browser, java_script_enabled=False, **SPANISH_BROWSER).new_page()
    page.goto(f"{base_url}/es/family/answers")
    page.get_by_label("Buscar en las respuestas").fill("MEDICOS quimioterapia")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/es/family/search\?q=MEDICOS"))
    expect(page.get_by_role("status")).to_have_text("1 respuesta coincide con «MEDICOS quimioterapia».")
    marked = [text.lower() for text in page.locator(".search-results mark").all_inner_texts()]
    assert "médicos" in marked  # typed without its accent, found and marked as written
    page.locator(".search-results a").first.click()
    page.wait_for_url(f"{base_url}/es/family/answers/{SLUG}")
    page.context.close()


def test_a_fallback_every_section_shares_is_said_once(browser: Browser, base_url: str) -> None:
    page = new_context(browser).new_page()
    page.goto(f"{base_url}/fr/family/answers/{SLUG}")  # no French text: every section is the English one

    notes = page.locator(".page-note")
    expect(notes).to_have_count(1)
    expect(notes.first).to_be_visible()
    expect(page.locator(".section .fallback-note")).to_have_count(0)
    page.goto(f"{base_url}/es-MX/family/answers/{SLUG}")  # Spanish for a Mexican reader: not worth a note
    expect(page.locator(".page-note")).to_have_count(0)
    expect(page.locator(".fallback-note")).to_have_count(0)
    page.context.close()


def test_a_familys_sources_are_folded_and_a_citation_unfolds_them(browser: Browser, base_url: str) -> None:
    page = new_context(browser, java_script_enabled=False).new_page()
    page.goto(f"{base_url}/es/family/answers/{SLUG}")

    sources = page.locator(".references details")
    expect(sources.locator("summary h2")).to_have_text("Fuentes")
    expect(sources).not_to_have_attribute("open", "")
    expect(page.locator("#reference-1")).to_be_hidden()
    page.locator("#section-chemotherapy a.citation-ref").first.click()  # a citation leads to its source, unfolded
    expect(page.locator("#reference-1")).to_be_visible()
    page.goto(f"{base_url}/es/clinician/answers/{SLUG}")  # clinicians read the references open
    expect(page.locator(".references details")).to_have_count(0)
    expect(page.locator("#reference-1")).to_be_visible()
    page.context.close()
