"""Phones, right-to-left, print; and screenshots for people to look at."""

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.helpers import SLUG
from tests.helpers.browser import SCREENSHOTS, new_context

TARGETS = "button, select, input:not([type=hidden]), .brand, .button"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize(
    ("locale", "audience", "question"),
    [
        ("es", "family", "¿Qué puede ayudar a que mi hijo se sienta mejor cuando el neuroblastoma vuelve o no se va?"),
        ("en", "nurse", "Which treatments ease symptoms in children whose neuroblastoma came back or did not respond"),
    ],
)
def test_the_first_screen_of_a_phone_reaches_the_text(
    browser: Browser, base_url: str, locale: str, audience: str, question: str, javascript: bool
) -> None:
    """The reader's question, which version this is with the way to change it, the review state in one line,
    and the start of the key points: all in the first 844 pixels."""
    context = new_context(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(f"{base_url}/{locale}/{audience}/answers/{SLUG}")

    expect(page.locator("h1")).to_contain_text(question)
    assert question in page.title()
    for part in ("h1", ".current-version", ".review-line", "#section-key-points h2"):
        box = page.locator(part).first.bounding_box()
        assert box is not None, part
        assert box["y"] + box["height"] <= 844, f"{part} is below the first screen"
    expect(page.locator(".section").first).to_have_id("section-key-points")  # the key points come first
    point = page.locator("#section-key-points li").first.bounding_box()
    assert point is not None
    assert point["y"] + point["height"] <= 844  # at least the first key point, whole
    header = page.locator(".site-header").bounding_box()
    assert header is not None
    assert header["height"] <= 2 * 56  # the brand, and the language control on one line
    expect(page.locator(".personalize")).to_have_count(0)  # the chooser is a link away
    context.close()


@pytest.mark.parametrize("audience", ["clinician", "nurse", "family"])
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_a_phone_has_no_horizontal_scrolling_and_big_enough_targets(
    browser: Browser, base_url: str, audience: str, locale: str
) -> None:
    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{base_url}/{locale}/{audience}/answers/{SLUG}")

    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    small = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((element) => element.offsetParent !== null)
            .map((element) => [element.outerHTML.slice(0, 60), element.getBoundingClientRect()])
            .filter(([, box]) => box.width < 24 || box.height < 24)
            .map(([html]) => html)""",
        TARGETS,
    )
    assert small == []
    context.close()


def test_arabic_mirrors_and_marks_english_sections(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(f"{base_url}/ar/nurse/answers/{SLUG}")

    assert page.get_attribute("html", "dir") == "rtl"
    brand = page.locator(".brand").bounding_box()
    assert brand is not None
    assert brand["x"] > 500  # the start of the header is on the right
    section = page.locator("#section-chemotherapy")
    assert section.get_attribute("lang") == "en"
    assert section.get_attribute("dir") == "ltr"
    assert page.locator(".page-note").get_attribute("lang") == "ar"  # every section is English: said once


@pytest.mark.parametrize("audience", ["clinician", "family"])  # a family page's sources are folded on screen
def test_print_hides_navigation_and_prints_every_reference(page: Page, base_url: str, audience: str) -> None:
    page.goto(f"{base_url}/en/{audience}/answers/{SLUG}")
    page.emulate_media(media="print")

    for hidden in (".site-header", ".site-footer", ".follow-up"):
        assert page.locator(hidden).evaluate("(element) => getComputedStyle(element).display") == "none"
    references = page.locator(".references li")
    assert references.count() == 5
    assert all(references.nth(index).is_visible() for index in range(5))
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(("locale", "audience"), [("es", "family"), ("en", "clinician"), ("ar", "nurse")])
def test_screenshots(page: Page, base_url: str, locale: str, audience: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(f"{base_url}/{locale}/{audience}/answers/{SLUG}")
    path = SCREENSHOTS / f"{audience}-{locale}.png"
    page.screenshot(path=str(path), full_page=True)

    assert path.stat().st_size > 10_000


def test_the_api_viewer_works_offline(browser: Browser, base_url: str) -> None:
    context = new_context(browser)
    elsewhere: list[str] = []

    def only_here(route: Route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_here)
    page = context.new_page()
    # What the page's CSP blocks never reaches the network (nor `only_here`): the console says so instead.
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{base_url}/schema")

    expect(page.get_by_text("One answer, rendered for an audience and locale").first).to_be_visible(timeout=15_000)
    page.wait_for_timeout(2_000)  # the viewer's later requests (fonts, its agent) come after the first paint
    assert elsewhere == []  # nothing asked of another origin: it works without the internet
    assert errors == []  # and nothing tried to (fonts, proxy, telemetry) only to be blocked
    context.close()
