"""A section missing for the requested audience or locale is served from the chain, and says so."""

import pytest

from tests.helpers import Client

SLUG = "partial-translation"


def sections_of(client: Client, audience: str, locale: str) -> dict[str, tuple[str, str, bool]]:
    body = client.get(f"/api/v1/answers/{SLUG}", params={"audience": audience, "locale": locale}).json()
    return {
        section["id"]: (section["served_audience"], section["served_locale"], section["fallback"])
        for section in [*body["sections"], body["disclaimer"]]
    }


@pytest.mark.parametrize(
    ("audience", "locale", "expected"),
    [
        # Written for Spanish families: no fallback.
        (
            "family",
            "es",
            {"before": ("family", "es", False), "after": ("nurse", "es", True), "disclaimer": ("family", "es", False)},
        ),
        # No Spanish clinician text at all: the English one, marked.
        (
            "clinician",
            "es",
            {
                "before": ("clinician", "en", True),
                "after": ("clinician", "en", True),
                "disclaimer": ("clinician", "en", True),
            },
        ),
        # Mexican Spanish falls back to Spanish first, then to English.
        (
            "family",
            "es-MX",
            {"before": ("family", "es", True), "after": ("nurse", "es", True), "disclaimer": ("family", "es", True)},
        ),
        # No French content: English, same audience.
        (
            "family",
            "fr",
            {"before": ("family", "en", True), "after": ("family", "en", True), "disclaimer": ("family", "en", True)},
        ),
    ],
)
def test_json_says_what_was_served(
    fallback_client: Client, audience: str, locale: str, expected: dict[str, tuple[str, str, bool]]
) -> None:
    assert sections_of(fallback_client, audience, locale) == expected


def test_a_missing_audience_is_marked_on_the_page(fallback_client: Client) -> None:
    page = fallback_client.get(f"/es/family/answers/{SLUG}").text
    after = page[page.index('id="section-after"') :].split("</section>")[0]
    before = page[page.index('id="section-before"') :].split("</section>")[0]

    assert "Esta parte aún no está escrita para familias. Está leyendo la versión para enfermería." in after
    assert "Texto de enfermería después del escáner." in after
    assert 'lang="' not in after.split(">")[0]
    assert "fallback-note" not in before


def test_a_fallback_every_section_shares_is_said_once_for_the_page(fallback_client: Client) -> None:
    response = fallback_client.get(f"/fr/family/answers/{SLUG}")
    before = response.text[response.text.index('id="section-before"') :].split("</section>")[0]
    note = "Cette page n’est pas encore écrite en français. Elle est affichée en anglais."  # the page, not a part

    assert 'lang="en" dir="ltr"' in before.split(">")[0]  # the section still says its language
    assert note not in before
    assert response.text.count(note) == 1
    assert '<p class="fallback-note page-note" role="note" lang="fr" dir="ltr">' in response.text
    assert response.text.index(note) < response.text.index("<h1")  # said before the reader meets the question
    assert response.headers["content-language"] == "fr, en"


def test_only_a_regional_difference_is_not_worth_a_note(fallback_client: Client) -> None:
    page = fallback_client.get(f"/es-MX/family/answers/{SLUG}").text
    before = page[page.index('id="section-before"') :].split("</section>")[0]
    after = page[page.index('id="section-after"') :].split("</section>")[0]

    assert "fallback-note" not in before  # Spanish for a Mexican Spanish family: nothing to say
    assert "fallback-note" in after  # the nurses' text: worth saying
    assert "page-note" not in page


def test_both_at_once(fallback_client: Client) -> None:
    page = fallback_client.get(f"/es-MX/family/answers/{SLUG}").text
    after = page[page.index('id="section-after"') :].split("</section>")[0]

    assert (
        "no está escrita para familias en español (México). Está leyendo la versión para enfermería, en español."
        in after
    )


def test_the_question_falls_back_too(fallback_client: Client) -> None:
    body = fallback_client.get(f"/api/v1/answers/{SLUG}", params={"audience": "family", "locale": "es"}).json()

    assert (body["question"], body["question_locale"]) == ("What happens before and after a scan?", "en")
