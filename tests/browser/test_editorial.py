"""The editorial pages in Chromium: an author's edit through the gate, a reviewer's approval, what readers then
get, CSRF and self-approval refused, axe-core on every page, keyboard-only use, the coverage map on a phone."""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.helpers import SLUG
from tests.helpers.browser import SCREENSHOTS, axe_violations, new_context
from tests.helpers.processes import call, free_port, revision, start_server, stop_server, wait_until
from tests.helpers.store import PASSWORD, filled_store

TEXT = f"/editorial/answers/{SLUG}/texts/en/family"
API_TEXT = f"/api/v1/editorial/answers/{SLUG}/texts/en/family"


class Editorial:
    """A server on a store of its own, with ana (author), ben (reviewer) and cy (admin), who have passwords."""

    def __init__(self, url: str, port: int, tokens: dict[str, str]) -> None:
        self.url = url
        self.port = port
        self.tokens = tokens

    def decide(self, name: str, number: int, decision: str) -> None:
        body = json.dumps({"decision": decision}).encode()
        status, _ = call(self.port, "POST", f"{API_TEXT}/revisions/{number}/review", self.tokens[name], body)
        assert status == 200


@pytest.fixture(scope="module")
def editorial(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editorial]:
    folder: Path = tmp_path_factory.mktemp("editorial")
    database = f"sqlite+aiosqlite:///{folder / 'tailor.db'}"
    tokens = filled_store(database, passwords=True)
    port = free_port()
    process = start_server(None, port, "--database", database, log=folder / "server.log")
    try:
        wait_until(lambda: revision(port) is not None)
        yield Editorial(f"http://127.0.0.1:{port}", port, tokens)
    finally:
        stop_server(process)


def sign_in(page: Page, editorial: Editorial, name: str, path: str = "/editorial/queue") -> None:
    page.goto(editorial.url + path)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()


def test_an_edit_goes_through_the_gate_and_a_review_to_readers(browser: Browser, editorial: Editorial) -> None:
    editorial.decide("ben", 1, "start")
    editorial.decide("ben", 1, "approve")  # so that the reviewer sees a diff against an approved revision
    author = new_context(browser).new_page()
    sign_in(author, editorial, "ana", TEXT)

    assert author.url == editorial.url + TEXT  # back where the sign-in began
    expect(author.locator("button[name=decision]")).to_have_count(0)
    author.get_by_role("link", name="Edit this text").click()
    text = author.get_by_label("Markdown")
    original = text.input_value()
    text.fill(
        original.replace(
            "Chemo is strong medicine", "Your child gets 0.1 mg/kg every 4 hours. Chemo is strong medicine"
        )
    )
    author.get_by_role("button", name="Save for review").click()
    finding = author.locator(".finding-error").first
    expect(finding).to_contain_text("number-not-in-clinician")
    expect(finding.locator(".finding-line")).to_contain_text("0.1 mg/kg every 4 hours")
    text = author.get_by_label("Markdown")
    text.fill(
        text.input_value()
        .replace("Your child gets 0.1 mg/kg every 4 hours. ", "")
        .replace("Chemo is strong medicine", "Chemo is a strong medicine")
    )
    author.get_by_role("button", name="Save for review").click()
    expect(author.get_by_role("status")).to_have_text("Saved as a new revision. It waits for a reviewer.")
    expect(author.locator(".text-identity")).to_contain_text("revision 2")
    expect(author.locator("button[name=decision]")).to_have_count(0)  # an author may not approve, here or by hand
    refused = author.request.post(f"{editorial.url}{TEXT}/revisions/2/review", form={"decision": "approve"})
    assert refused.status == 403  # no CSRF token

    reviewer = new_context(browser).new_page()
    sign_in(reviewer, editorial, "ben")
    row = reviewer.get_by_role("row").filter(has_text=SLUG).filter(has_text="families").filter(has_text="English")
    expect(row).to_contain_text("ana")
    row.get_by_role("link").click()
    expect(reviewer.locator(".side.source").first).to_be_visible()
    expect(reviewer.locator(".diff-added")).to_contain_text("Chemo is a strong medicine")
    expect(reviewer.locator(".diff-removed")).to_contain_text("Chemo is strong medicine")
    reviewer.get_by_role("button", name="Start review").click()
    expect(reviewer.get_by_role("status")).to_have_text("Review started.")
    reviewer.get_by_label("Note").fill("Grammar: “a strong medicine”.")
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.get_by_role("status")).to_have_text("Approved. Readers now get this revision.")

    reader = new_context(browser).new_page()
    reader.goto(f"{editorial.url}/en/family/answers/{SLUG}")
    expect(reader.locator("main")).to_contain_text("Chemo is a strong medicine")
    expect(reader.locator(".changes")).to_contain_text("Grammar: “a strong medicine”.")
    assert reader.context.cookies() == []
    for page in (author, reviewer, reader):
        page.context.close()


@pytest.fixture(scope="module")
def admin(browser: Browser, editorial: Editorial) -> Iterator[BrowserContext]:
    """cy, signed in, with the pages' CSP bypassed so that axe (an inline script) can run."""
    context = new_context(browser, bypass_csp=True)
    sign_in(context.new_page(), editorial, "cy")
    yield context
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/editorial/login",
        "/editorial/queue",
        TEXT,
        f"{TEXT}/edit",
        f"{TEXT}/edit/sections/chemotherapy",
        "/editorial/coverage",
        "/editorial/feedback",
        "/editorial/profile",
        f"/editorial/answers/{SLUG}/texts/es/nurse",
        f"/es/family/answers/{SLUG}/feedback?section=chemotherapy",
        "/es/family/feedback/sent",
    ],
)
def test_no_wcag_violations_on_editorial_pages(
    admin: BrowserContext, editorial: Editorial, axe_source: str, path: str
) -> None:
    page = admin.new_page()
    page.goto(editorial.url + path)
    violations = axe_violations(page, axe_source)
    page.close()

    assert violations == []


def test_an_author_writes_one_section_beside_its_source_with_findings_while_typing(
    browser: Browser, editorial: Editorial
) -> None:
    """The Spanish family section, by an English-speaking author: chrome and findings in English, the text in Spanish."""
    section = f"/editorial/answers/{SLUG}/texts/es/family/edit/sections/chemotherapy"
    author = new_context(browser).new_page()
    sign_in(author, editorial, "ana", section)
    expect(author.locator("#source-heading")).to_have_text("Source")
    expect(author.locator(".source")).to_contain_text("topotecán")  # the Spanish clinician section
    box = author.get_by_label("Markdown of this section")
    expect(box).to_have_attribute("lang", "es")

    box.focus()
    author.keyboard.press("Control+End")
    box.press_sequentially("\n\nPuede haber trombocitopenia.", delay=20)
    finding = author.locator("#section-lint li", has_text="trombocitopenia")
    expect(finding).to_contain_text("“trombocitopenia” is a hard word for this audience")  # no button was pressed
    finding.get_by_role("button", name="Use “pocas plaquetas”").click()

    expect(box).to_have_value(re.compile(r"Puede haber pocas plaquetas\.\n?$"))
    expect(author.locator("#section-lint li", has_text="trombocitopenia")).to_have_count(0)
    author.get_by_role("button", name="Save for review").click()
    expect(author.get_by_role("status")).to_contain_text("Saved")
    stored = author.evaluate(
        "async (url) => (await (await fetch(url)).text())", f"{editorial.url}/editorial/answers/{SLUG}/texts/es/family"
    )
    assert "Puede haber pocas plaquetas." in stored
    author.context.close()


def test_a_suggestion_is_taken_without_javascript(browser: Browser, editorial: Editorial) -> None:
    section = f"/editorial/answers/{SLUG}/texts/en/nurse/edit/sections/chemotherapy"
    author = new_context(browser, java_script_enabled=False).new_page()
    sign_in(author, editorial, "ana", section)
    box = author.get_by_label("Markdown of this section")
    box.fill(box.input_value() + "\nWatch for myelosuppression.\n")
    author.get_by_role("button", name="Preview and check").click()

    finding = author.locator("#section-lint li", has_text="myelosuppression")
    expect(finding).to_contain_text("hard word")
    finding.get_by_role("button").first.click()
    expect(author.get_by_label("Markdown of this section")).not_to_have_value(re.compile("myelosuppression"))
    author.context.close()


def tab_to(page: Page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_signing_in_and_deciding_work_from_the_keyboard_alone(browser: Browser, editorial: Editorial) -> None:
    page = new_context(browser).new_page()
    page.goto(f"{editorial.url}/editorial/answers/{SLUG}/texts/es/nurse")
    tab_to(page, "#name")
    page.keyboard.type("ben")
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Signed in as ben")).to_be_visible()

    tab_to(page, "button[value=start]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text("Review started.")
    tab_to(page, "#note")
    page.keyboard.type("Needs shorter sentences.")
    tab_to(page, "button[value=request-changes]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Changes requested. The author will find the text in the queue.")
    page.context.close()


def test_the_coverage_map_is_readable_on_a_phone(browser: Browser, editorial: Editorial) -> None:
    context = new_context(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    sign_in(page, editorial, "cy", "/editorial/coverage")

    table = page.locator(".coverage-table").first
    region = page.locator(".table-scroll").first
    expect(table).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself never scrolls sideways
    assert region.evaluate("(element) => element.scrollWidth > element.clientWidth")  # the table scrolls in its region
    assert region.get_attribute("tabindex") == "0"  # …which keyboard users can scroll too
    first_cell = table.locator("tbody tr.section-row td").first
    expect(first_cell).to_contain_text("Submitted")  # a state in words, not colour alone
    font_size = first_cell.evaluate("(element) => parseFloat(getComputedStyle(element).fontSize)")
    assert font_size >= 14
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "editorial-coverage-phone.png"), full_page=True)
    context.close()


def test_a_reader_reports_a_problem_without_javascript_and_editors_read_it(
    browser: Browser, editorial: Editorial
) -> None:
    reader = new_context(browser, java_script_enabled=False).new_page()
    reader.goto(f"{editorial.url}/es/nurse/answers/{SLUG}")
    reader.locator("#section-radiotherapy").get_by_role("link", name="Señalar un problema en esta parte").click()
    reader.get_by_label("¿Qué está mal o no se entiende en esta parte?").fill("No dice cuántas sesiones hacen falta.")
    reader.get_by_role("button", name="Enviar").click()

    expect(reader.get_by_role("heading", level=1)).to_have_text("Gracias: su mensaje se ha enviado")
    assert reader.context.cookies() == []
    reader.get_by_role("link", name="Volver a la respuesta").click()
    assert reader.url == f"{editorial.url}/es/nurse/answers/{SLUG}"
    reader.context.close()

    editor = new_context(browser).new_page()
    sign_in(editor, editorial, "ben", "/editorial/feedback")
    message = editor.locator(".feedback-list li").first
    expect(message).to_contain_text("No dice cuántas sesiones hacen falta.")
    expect(message).to_contain_text("radiotherapy")
    editor.context.close()
