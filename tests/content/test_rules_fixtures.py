"""Each folder under fixtures/content/rules/ is the valid fixture with one defect; each reports exactly that."""

import shutil
from pathlib import Path

import pytest

from service.content.gate import check_content
from service.content.problems import Problem, Rule, Severity
from tests.helpers import FIXTURES

ANSWER = "fever-after-chemo"


def findings(directory: Path) -> list[Problem]:
    """What `tailor check` and the server's gate find: the same function."""
    return list(check_content(directory).problems)


def shown(path: Path) -> str:
    """A file as findings name it: relative to the working directory."""
    return str(path.relative_to(Path.cwd()))


def test_the_valid_fixture_has_no_findings(valid_content: Path) -> None:
    assert findings(valid_content) == []


@pytest.mark.parametrize(
    ("rule", "file", "line", "severity"),
    [
        (Rule.TOML_SYNTAX, "answer.toml", 3, Severity.ERROR),
        (Rule.METADATA, "answer.toml", 10, Severity.ERROR),
        (Rule.SLUG_MISMATCH, "answer.toml", 1, Severity.ERROR),
        (Rule.UNKNOWN_FILE, "en/doctor.md", 1, Severity.ERROR),
        (Rule.MARKDOWN_STRUCTURE, "en/nurse.md", 1, Severity.ERROR),
        (Rule.UNKNOWN_SECTION, "en/family.md", 13, Severity.ERROR),
        (Rule.DUPLICATE_SECTION, "en/family.md", 13, Severity.ERROR),
        (Rule.MISSING_SECTION, "en/nurse.md", 1, Severity.ERROR),
        (Rule.MISSING_VARIANT, "answer.toml", 6, Severity.ERROR),
        (Rule.MISSING_QUESTION, "answer.toml", 5, Severity.ERROR),
        (Rule.DUPLICATE_CITATION, "answer.toml", 23, Severity.ERROR),
        (Rule.UNDEFINED_CITATION, "en/family.md", 3, Severity.ERROR),
        (Rule.UNUSED_CITATION, "answer.toml", 23, Severity.ERROR),
        (Rule.UNKNOWN_RELATED, "answer.toml", 24, Severity.ERROR),
        (Rule.NUMBER_NOT_IN_CLINICIAN, "es/family.md", 3, Severity.ERROR),
        (Rule.CITATION_NOT_IN_CLINICIAN, "es/family.md", 3, Severity.ERROR),
        (Rule.RELATED_SHOULD_LINK, "answer.toml", 26, Severity.WARNING),
        (Rule.READING_LEVEL, "en/family.md", 5, Severity.ERROR),
        (Rule.LOCALE_INCOMPLETE, "es/family.md", 1, Severity.WARNING),
        (Rule.CLAIM, "en/clinician.md", 7, Severity.ERROR),
        (Rule.CLAIM_NOT_CARRIED, "en/family.md", 1, Severity.ERROR),
        (Rule.FIGURE_NOT_IN_CLAIM, "en/nurse.md", 3, Severity.ERROR),
        (Rule.CLAIMS_NOT_MARKED, "en/clinician.md", 1, Severity.WARNING),
        (Rule.RELATED_WITHOUT_ANSWER, "answer.toml", 26, Severity.WARNING),
        (Rule.KEY_POINTS, "en/family.md", 1, Severity.ERROR),
    ],
    ids=lambda value: str(value) if isinstance(value, Rule) else None,
)
def test_each_broken_fixture_reports_its_rule_file_and_line(
    rule: Rule, file: str, line: int, severity: Severity
) -> None:
    problems = findings(FIXTURES / "rules" / rule.value)

    assert [(p.rule, p.file, p.line, p.severity) for p in problems] == [
        (rule, shown(FIXTURES / "rules" / rule.value / ANSWER / file), line, severity)
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


def test_a_missing_text_is_named_as_missing_where_its_locale_is_declared() -> None:
    [missing] = findings(FIXTURES / "rules" / "missing-variant")

    assert missing.message.startswith("`en/family.md` is missing")
    assert missing.file.endswith("answer.toml")


def test_a_figure_found_in_another_section_says_where(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", content)
    family = content / ANSWER / "en" / "family.md"
    family.write_text(
        family.read_text(encoding="utf-8").replace("Do not wait [1].", "Do not wait more than 60 minutes [1]."),
        encoding="utf-8",
    )

    [problem] = findings(content)

    assert problem.rule is Rule.NUMBER_NOT_IN_CLINICIAN
    assert "in section `when-to-call` is not in section `when-to-call`" in problem.message
    assert "states it in section `what-happens` (" in problem.message
    assert problem.message.rstrip(")").endswith("en/clinician.md:7")


@pytest.mark.parametrize(
    ("clinician", "family", "same"),
    [
        ("in 90 % of children", "nine in ten children", True),
        ("in 10% of cases", "one in ten", True),
        ("one in ten", "10 %", True),
        ("about a third of patients", "1 in 3", True),
        ("in 33 % of patients", "one in three", True),
        ("in 66 % of patients", "two thirds", False),
        ("in 50 % of patients", "half of them", True),
        ("9 out of 10", "nueve de cada diez", True),
        ("in 25 % of cycles", "1 de cada 4", True),
        ("in 20 % of cycles", "1 de cada 4", False),
        ("in 50 % of patients", "la mitad", True),
    ],
)
def test_figures_written_as_words_or_ratios_match_by_the_share_they_state(
    tmp_path: Path, clinician: str, family: str, same: bool
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", content)
    for audience, text in (("clinician", clinician), ("family", family)):
        path = content / ANSWER / "en" / f"{audience}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("[1].", f"[1]. It helps {text}.", 1), encoding="utf-8")

    problems = [p for p in findings(content) if p.rule is Rule.NUMBER_NOT_IN_CLINICIAN]

    assert (problems == []) is same, problems


def test_an_error_in_answer_toml_does_not_hide_the_errors_in_the_texts(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "rules" / "toml-syntax", content)
    family = content / ANSWER / "es" / "family.md"
    family.write_text(family.read_text(encoding="utf-8").replace("No espere", "No espere 2 horas"), encoding="utf-8")

    assert [p.rule for p in findings(content)] == [Rule.TOML_SYNTAX, Rule.NUMBER_NOT_IN_CLINICIAN]
