"""Each folder under fixtures/content/rules/ is the valid fixture with one defect; each reports exactly that."""

from pathlib import Path

import pytest

from service.content.loader import load_catalog
from service.content.problems import Problem, Rule, Severity
from service.content.rules import check_catalog
from tests.helpers import FIXTURES

ANSWER = "fever-after-chemo"


def findings(directory: Path) -> list[Problem]:
    loaded = load_catalog(directory)
    problems, _ = check_catalog(loaded.catalog)
    return [*loaded.problems, *problems]


def test_the_valid_fixture_has_no_findings(valid_content: Path) -> None:
    assert findings(valid_content) == []


@pytest.mark.parametrize(
    ("rule", "file", "line", "severity"),
    [
        (Rule.TOML_SYNTAX, "answer.toml", 5, Severity.ERROR),
        (Rule.METADATA, "answer.toml", 10, Severity.ERROR),
        (Rule.SLUG_MISMATCH, "answer.toml", 1, Severity.ERROR),
        (Rule.UNKNOWN_FILE, "en/doctor.md", 1, Severity.ERROR),
        (Rule.MARKDOWN_STRUCTURE, "en/nurse.md", 1, Severity.ERROR),
        (Rule.UNKNOWN_SECTION, "en/family.md", 13, Severity.ERROR),
        (Rule.DUPLICATE_SECTION, "en/family.md", 13, Severity.ERROR),
        (Rule.MISSING_SECTION, "en/nurse.md", 1, Severity.ERROR),
        (Rule.MISSING_VARIANT, "en/family.md", 1, Severity.ERROR),
        (Rule.MISSING_QUESTION, "answer.toml", 5, Severity.ERROR),
        (Rule.DUPLICATE_CITATION, "answer.toml", 23, Severity.ERROR),
        (Rule.UNDEFINED_CITATION, "en/family.md", 3, Severity.ERROR),
        (Rule.UNUSED_CITATION, "answer.toml", 23, Severity.ERROR),
        (Rule.UNKNOWN_RELATED, "answer.toml", 24, Severity.ERROR),
        (Rule.NUMBER_NOT_IN_CLINICIAN, "es/family.md", 3, Severity.ERROR),
        (Rule.READING_LEVEL, "en/family.md", 5, Severity.ERROR),
        (Rule.LOCALE_INCOMPLETE, "es/family.md", 1, Severity.WARNING),
    ],
    ids=lambda value: str(value) if isinstance(value, Rule) else None,
)
def test_each_broken_fixture_reports_its_rule_file_and_line(
    rule: Rule, file: str, line: int, severity: Severity
) -> None:
    problems = findings(FIXTURES / "rules" / rule.value)

    assert [(p.rule, p.file, p.line, p.severity) for p in problems] == [
        (rule, f"{rule.value}/{ANSWER}/{file}", line, severity)
    ]


def test_a_locale_without_a_formula_is_reported_once_per_file_as_a_warning() -> None:
    problems = findings(FIXTURES / "rules" / Rule.READING_LEVEL_UNMEASURED.value)

    assert sorted(p.file.rsplit("/", 1)[1] for p in problems) == ["clinician.md", "family.md", "nurse.md"]
    assert {(p.rule, p.severity) for p in problems} == {(Rule.READING_LEVEL_UNMEASURED, Severity.WARNING)}


def test_every_rule_has_a_fixture() -> None:
    assert {folder.name for folder in (FIXTURES / "rules").iterdir()} == {rule.value for rule in Rule}


def test_messages_say_what_is_allowed() -> None:
    [metadata] = findings(FIXTURES / "rules" / "metadata")
    [number] = findings(FIXTURES / "rules" / "number-not-in-clinician")

    assert "published" in metadata.message
    assert "submitted, under_review, approved" in metadata.message
    assert "`2 horas`" in number.message
    assert "es/clinician.md" in number.message
