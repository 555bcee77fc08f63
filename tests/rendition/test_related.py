"""Related questions: shown to the audiences they name, and never as a link to an answer that is not served."""

import re
import shutil
from pathlib import Path

import pytest

from service.choice import Choice
from service.content.catalog import Catalog
from service.content.gate import gate
from service.content.model import Audience
from service.rendition.build import build_answer
from service.rendition.fallback import FallbackRules
from tests.helpers import FIXTURES, serving, settings_for

ANSWER = "fever-after-chemo"
RULES = FallbackRules(default_locale="en", audience_fallback={})


def related_for(catalog: Catalog, audience: Audience) -> list[str]:
    document = build_answer(
        catalog.answers[ANSWER],
        Choice(audience=audience, locale="en"),
        catalog=catalog,
        rules=RULES,
        href_for=lambda slug: f"/{slug}",
    )
    return [related.question for related in document.related]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    directory = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", directory)
    toml = directory / ANSWER / "answer.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            '[[related]]\nslug = "fever-after-chemo"',
            '[[related]]\nslug = "fever-after-chemo"\naudiences = ["clinician", "nurse"]\n\n'
            '[[related]]\nquestion.en = "A question with no answer yet?"',
        ),
        encoding="utf-8",
    )
    return directory


def test_an_entry_naming_audiences_is_shown_to_them_alone(content: Path) -> None:
    catalog = gate(content, previous=None).catalog
    assert catalog is not None

    assert related_for(catalog, Audience.CLINICIAN) == [
        "What should happen when a child has a fever after chemotherapy?"
    ]
    assert related_for(catalog, Audience.NURSE) == related_for(catalog, Audience.CLINICIAN)
    assert related_for(catalog, Audience.FAMILY) == []


def test_a_question_with_no_answer_is_not_shown_and_the_gate_says_so(content: Path) -> None:
    gated = gate(content, previous=None)
    assert gated.catalog is not None

    assert all("A question with no answer yet?" not in related_for(gated.catalog, audience) for audience in Audience)
    [warning] = [problem for problem in gated.checked.problems if problem.rule.value == "related-without-answer"]
    assert warning.severity.value == "warning"
    assert warning.line == 27  # the entry's `[[related]]`
    assert "link it by `slug` once it has one" in warning.message


def test_an_unknown_audience_is_a_finding(content: Path) -> None:
    toml = content / ANSWER / "answer.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"nurse"]', '"doctor"]'), encoding="utf-8")

    gated = gate(content, previous=None)

    [held] = gated.held_back
    assert [problem.rule.value for problem in held.findings.errors] == ["metadata"]
    assert "`$.related[0].audiences[1]`" in held.findings.errors[0].message
    assert held.findings.errors[0].message.endswith("(allowed: clinician, nurse, family)")  # not the review's states


def test_a_link_to_an_answer_that_is_not_served_is_left_out(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "rules" / "related-should-link", content)
    toml = content / ANSWER / "answer.toml"
    linked = toml.read_text(encoding="utf-8").replace(
        '[[related]]\nslug = "fever-after-chemo"', '[[related]]\nslug = "central-lines"'
    )
    toml.write_text(linked, encoding="utf-8")
    family = content / "central-lines" / "en" / "family.md"
    family.write_text(family.read_text(encoding="utf-8").replace("Do not wait", "Wait 4 hours"), encoding="utf-8")
    catalog = gate(content, previous=None).catalog
    assert catalog is not None

    assert "central-lines" not in catalog.answers
    assert related_for(catalog, Audience.FAMILY) == []  # neither the link nor the question: nothing to follow


def test_every_related_link_on_every_page_answers_200(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "rules" / "related-should-link", content)
    toml = content / ANSWER / "answer.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'question.en = "How is a central line looked after, at home"', 'slug = "central-lines"'
        ),
        encoding="utf-8",
    )
    followed = 0
    with serving(settings_for(content)) as client:
        for slug in ("fever-after-chemo", "central-lines"):
            for locale in ("en", "es", "fr", "de", "ar"):
                for audience in Audience:
                    page = client.get(f"/{locale}/{audience}/answers/{slug}").text
                    related = page[page.index('class="related"') :].split("</section>")[0]
                    links = re.findall(r'<a href="([^"]+)">', related)
                    assert len(links) == related.count("<li") >= 1  # every entry is a link
                    assert "A question with no answer yet?" not in page
                    document = client.get(f"/api/v1/answers/{slug}?audience={audience}&locale={locale}").json()
                    assert [entry["slug"] for entry in document["related"]] == [
                        link.rsplit("/", 1)[1] for link in links
                    ]
                    for link in [*links, *(entry["href"] for entry in document["related"])]:
                        assert client.get(link).status_code == 200, link
                        followed += 1
    assert followed >= 2 * 2 * 5 * 3  # a page's link and the JSON's, from each answer, in every version
