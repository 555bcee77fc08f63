"""Related questions: shown to the audiences they name, and never as a link to an answer that is not served."""

import shutil
from pathlib import Path

import pytest

from service.choice import Choice
from service.content.catalog import Catalog
from service.content.gate import gate
from service.content.model import Audience
from service.rendition.build import build_answer
from service.rendition.fallback import FallbackRules
from tests.helpers import FIXTURES

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
            'question.en = "A question with no answer yet?"',
            'question.en = "A question with no answer yet?"\naudiences = ["clinician", "nurse"]',
        ),
        encoding="utf-8",
    )
    return directory


def test_an_entry_naming_audiences_is_shown_to_them_alone(content: Path) -> None:
    catalog = gate(content, previous=None).catalog
    assert catalog is not None

    assert related_for(catalog, Audience.CLINICIAN) == [
        "What should happen when a child has a fever after chemotherapy?",
        "A question with no answer yet?",
    ]
    assert related_for(catalog, Audience.NURSE)[1:] == ["A question with no answer yet?"]
    assert related_for(catalog, Audience.FAMILY) == ["What should happen when a child has a fever after chemotherapy?"]


def test_an_unknown_audience_is_a_finding(content: Path) -> None:
    toml = content / ANSWER / "answer.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"nurse"]', '"doctor"]'), encoding="utf-8")

    gated = gate(content, previous=None)

    [held] = gated.held_back
    assert [problem.rule.value for problem in held.findings.errors] == ["metadata"]
    assert "`$.related[1].audiences[1]`" in held.findings.errors[0].message


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
    assert related_for(catalog, Audience.FAMILY) == ["How is a central line looked after, at home"]
