"""The answer page has everything the source page has, in the reader's audience and language."""

import re

import pytest

from tests.helpers import FIXTURES, SECTIONS, SLUG, Client, serving, settings_for


@pytest.mark.parametrize("audience", ["clinician", "nurse", "family"])
def test_no_reader_meets_a_related_question_they_cannot_follow(client: Client, audience: str) -> None:
    # The bundled answer is the catalog's only one: no related answer to link, so no related questions at all.
    assert 'class="related"' not in client.get(f"/en/{audience}/answers/{SLUG}").text
    assert client.get(f"/api/v1/answers/{SLUG}?audience={audience}&locale=es").json()["related"] == []


def test_the_answer_page_has_every_part(client: Client) -> None:
    response = client.get(f"/en/family/answers/{SLUG}")
    page = response.text

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-language"] == "en"
    assert "<h1>What can help my child feel better when neuroblastoma comes back or does not go away?</h1>" in page
    # Which version this is, with the chooser a link away (the selector is not repeated on answer pages), and
    # the review state in one line at the top; the tracker, the date and the policy after the text.
    assert (
        '<p class="current-version">You are reading the version for families. '
        f'<a href="/en/choose?next=%2Fanswers%2F{SLUG}">Change it</a></p>'
    ) in page
    assert 'class="review-line banner" role="note">This content is pending human review' in page
    assert "<legend>Which best describes you?</legend>" not in page
    after_text = page[page.index('id="section-algorithm"') :]
    assert re.search(
        r'<li class="current" aria-current="step">Submitted</li>\s*<li class="">Under review</li>', after_text
    )
    # The glossary's date, not answer.toml's: the definitions beside the text are newer than the answer.
    assert '<time datetime="2026-12-08">December 8, 2026</time>' in after_text
    assert 'href="/en/family/editorial-policy">View editorial policy</a>' in after_text
    # The family text of every section, in order, with numbered citations linking to the references.
    titles = re.findall(r'<h2 id="heading-([a-z-]+)">', page)
    assert titles == ["key-points", *SECTIONS, "disclaimer"]
    assert "Medicine to shrink the tumor" in page
    assert '<a class="citation-ref" href="#reference-1"' in page
    assert all(f'<li id="reference-{number}" value="{number}">' in page for number in range(1, 6))
    # The treatment algorithm as an ordered list.
    algorithm = page[page.index('id="section-algorithm"') :].split("</section>")[0]
    assert algorithm.count("<li>") == 6
    assert "<ol>" in algorithm
    # Then the family disclaimer and the call to action.
    assert 'class="related"' not in page
    assert "This page helps you understand the choices." in page
    assert 'href="/en/family/answers">Ask a follow-up question</a>' in page


@pytest.mark.parametrize(
    ("locale", "date"),
    [("es", "8 de diciembre de 2026"), ("de", "8. Dezember 2026"), ("fr", "8 décembre 2026"), ("ar", "ديسمبر")],
)
def test_dates_are_formatted_for_the_page_locale(client: Client, locale: str, date: str) -> None:
    assert date in client.get(f"/{locale}/nurse/answers/{SLUG}").text


def test_arabic_pages_are_right_to_left(client: Client) -> None:
    page = client.get(f"/ar/clinician/answers/{SLUG}").text

    assert '<html lang="ar" dir="rtl">' in page
    assert (
        '<section class="section" id="section-evidence" aria-labelledby="heading-evidence" lang="en" dir="ltr">' in page
    )


def test_the_approved_answer_has_no_pending_banner_and_links_related_answers() -> None:
    with serving(settings_for(FIXTURES / "valid")) as client:
        page = client.get("/es/family/answers/fever-after-chemo").text

    assert 'class="banner"' not in page
    assert '<li class="current" aria-current="step">Aprobada</li>' in page
    assert '<a href="/es/family/answers/fever-after-chemo">¿Qué debe pasar cuando un niño tiene fiebre' in page


def test_the_index_lists_every_answer_with_status_and_date(client: Client) -> None:
    response = client.get("/es/family/answers")

    assert response.status_code == 200
    assert f'<a href="/es/family/answers/{SLUG}">¿Qué puede ayudar a que mi hijo' in response.text
    assert "Estado de revisión: Enviada" in response.text
    assert "8 de diciembre de 2026" in response.text  # the glossary's date: the definitions are newer


def test_the_follow_up_and_policy_links_are_configurable() -> None:
    settings = settings_for(
        FIXTURES / "valid", follow_up_url="https://care.example/ask", editorial_policy_url="https://care.example/policy"
    )
    with serving(settings) as client:
        page = client.get("/en/nurse/answers/fever-after-chemo").text

    assert 'href="https://care.example/ask">Ask a follow-up question</a>' in page
    assert 'href="https://care.example/policy">View editorial policy</a>' in page


def test_health(client: Client) -> None:
    body = client.get("/health").json()

    assert body["status"] == "ok"
    assert body["answers"] == 1
    assert len(body["catalog_revision"]) == 16


@pytest.mark.parametrize(
    ("locale", "count"), [("en", "1 answer"), ("es", "1 respuesta"), ("de", "1 Antwort"), ("ar", "إجابة واحدة")]
)
def test_the_answer_count_uses_the_language_s_plural_forms(client: Client, locale: str, count: str) -> None:
    page = client.get(f"/{locale}/family/answers")

    assert f'<p class="count">{count}</p>' in page.text
