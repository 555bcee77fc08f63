"""The section workbench without JavaScript: one section beside its source, its level and plain-language
findings, a suggestion taken by its button, the section saved alone; editorial errors in the editor's language."""

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import PROJECT, SLUG
from tests.helpers.editorial_pages import EDITORIAL, field, form_token, sign_in
from tests.helpers.store import Store, open_store

TEXT_PAGE = f"{EDITORIAL}/answers/{SLUG}/texts/en/family"
SECTION = f"{TEXT_PAGE}/edit/sections/chemotherapy"
FAMILY = (PROJECT / "variants" / SLUG / "en" / "family.md").read_text(encoding="utf-8")


@pytest.fixture
def pages(tmp_path: Path) -> Iterator[Store]:
    """A store whose users have passwords, served in this process (the pages do the same on either engine)."""
    with open_store(f"sqlite+aiosqlite:///{tmp_path / 'tailor.db'}", passwords=True) as opened:
        yield opened


def _takes(page: str) -> list[str]:
    """The values of the suggestion buttons a page offers."""
    return [html.unescape(value) for value in re.findall(r'name="take" value="([^"]*)"', page)]


def test_a_section_is_shown_beside_the_same_section_of_its_source(pages: Store) -> None:
    assert sign_in(pages.client, "ana") == 303
    page = pages.client.get(SECTION)

    assert page.status_code == 200
    assert page.headers["cache-control"] == "private, no-store"
    box = field(page.text, "markdown")
    assert box.startswith("## Medicine to shrink the tumor {#chemotherapy}\n")
    assert "## Radiation to ease pain" not in box  # the next section is not in the box
    assert box.rstrip() in FAMILY
    source = page.text.split('id="source-heading"', 1)[1].split('id="writing-heading"', 1)[0]
    assert "The text for clinicians in English." in source
    assert "topotecan" in source.casefold()
    assert "Radiation" not in source  # only the same section of the source
    assert re.search(r"<strong>FK \d\.\d</strong> · SMOG \d\.\d · target ≤ 6", page.text)
    assert "Meets the target" in page.text
    assert f'href="{TEXT_PAGE}/edit/sections/evidence">Previous section: evidence' in page.text
    assert f'href="{TEXT_PAGE}/edit/sections/radiotherapy">Next section: radiotherapy' in page.text
    assert re.search(r'<script src="/static/workbench\.[0-9a-f]+\.js" defer></script>', page.text)


def test_checking_while_typing_answers_the_fragment_with_findings_at_the_box_lines(pages: Store) -> None:
    assert sign_in(pages.client, "ana") == 303
    page = pages.client.get(SECTION).text
    typed = field(page, "markdown").replace("Chemo is strong medicine", "Myelosuppression is strong medicine")

    checked = pages.client.post(f"{SECTION}/check", data={"markdown": typed}, headers={"x-csrftoken": form_token(page)})

    assert checked.status_code == 200
    assert checked.headers["cache-control"] == "private, no-store"
    assert "<html" not in checked.text  # the fragment the page swaps in
    assert "line 3, column 1</strong> (hard-word): “Myelosuppression” is a hard word" in checked.text
    assert "3:1:16:low blood counts" in _takes(checked.text)
    forged = pages.client.post(f"{SECTION}/check", data={"markdown": typed})
    assert forged.status_code == 403  # no CSRF token: refused like any other editorial POST


def test_a_suggestion_is_taken_by_its_button_and_the_finding_goes(pages: Store) -> None:
    assert sign_in(pages.client, "ana") == 303
    page = pages.client.get(SECTION).text
    typed = field(page, "markdown").replace("Chemo is strong medicine", "Myelosuppression is strong medicine")
    data = {"markdown": typed, "etag": field(page, "etag"), "_csrf_token": form_token(page)}

    took = pages.client.post(SECTION, data={**data, "take": "3:1:16:low blood counts"})

    assert took.status_code == 200
    assert field(took.text, "markdown").splitlines()[2].startswith("low blood counts is strong medicine")
    assert "Myelosuppression" not in took.text
    assert pages.texts()["en", "family"]["revision"] == 1  # taking a suggestion stores nothing
    refused = pages.client.post(SECTION, data={**data, "take": "three:1:16:blood"})
    assert refused.status_code == 400
    assert "“take” must be line:column:length:replacement" in refused.text


def test_a_section_is_saved_alone_through_the_gate(pages: Store) -> None:
    assert sign_in(pages.client, "ana") == 303
    page = pages.client.get(SECTION).text
    written = field(page, "markdown").replace("Chemo is strong medicine", "Chemo is a strong medicine")
    data = {"etag": field(page, "etag"), "_csrf_token": form_token(page), "action": "save"}

    dosed = pages.client.post(
        SECTION, data={**data, "markdown": written.replace("a strong medicine", "0.1 mg/kg of strong medicine")}
    )
    saved = pages.client.post(SECTION, data={**data, "markdown": written.replace("\n", "\r\n")}, follow_redirects=False)

    assert dosed.status_code == 422
    assert "Error, line 3</strong> (number-not-in-clinician)" in dosed.text  # at the box's line
    assert saved.status_code == 303
    assert saved.headers["location"] == f"{TEXT_PAGE}?done=saved"
    stored = pages.texts()["en", "family"]
    assert (stored["revision"], stored["author"]) == (2, "ana")
    assert stored["markdown"] == FAMILY.replace("Chemo is strong medicine", "Chemo is a strong medicine")


def test_editorial_errors_are_editorial_pages_in_the_editors_language(pages: Store) -> None:
    assert sign_in(pages.client, "ana") == 303
    english = {"accept-language": "en"}
    missing = pages.client.get(f"{EDITORIAL}/answers/{SLUG}/texts/es/family/edit/sections/nope", headers=english)
    unknown = pages.client.get(f"{EDITORIAL}/answers/nope/texts/es/family", headers=english)
    spanish = pages.client.get(f"{EDITORIAL}/answers/nope/texts/en/family", headers={"accept-language": "es"})
    assert sign_in(pages.client, "ben") == 303
    reviewer = pages.client.get(SECTION, headers=english)

    for response, status in ((missing, 404), (unknown, 404), (reviewer, 403)):
        assert response.status_code == status
        assert response.headers["content-language"] == "en"
        assert '<html lang="en"' in response.text
        assert "Tailor editorial" in response.text
        assert '<a href="/editorial/queue">Back to the review queue</a>' in response.text
    assert "The text has no section “nope”." in missing.text
    assert spanish.headers["content-language"] == "es"
    assert '<a href="/editorial/queue">Volver a la cola de revisión</a>' in spanish.text
