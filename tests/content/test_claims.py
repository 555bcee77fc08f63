"""Claims: marked in the English clinician text, carried by every text written from it, checked by the gate."""

import shutil
from pathlib import Path

import pytest

from service.content.claims import markers_in, strip_markers, without_markers
from service.content.gate import Gate, check_content
from service.content.plain_text import plain_text
from service.content.problems import Problem, Rule, Severity
from service.rendition.markdown import render
from tests.helpers import FIXTURES, cli

ANSWER = "fever-after-chemo"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the valid fixture, whose texts mark and carry two claims, to break one way per test."""
    copy = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", copy)
    return copy


def text(content: Path, locale: str, audience: str) -> Path:
    return content / ANSWER / locale / f"{audience}.md"


def replace(path: Path, old: str, new: str) -> None:
    written = path.read_text(encoding="utf-8")
    assert old in written, f"{old!r} is not in {path}"
    path.write_text(written.replace(old, new, 1), encoding="utf-8")


def errors(content: Path, gate: Gate | None = None) -> list[Problem]:
    checked = (gate or Gate()).check_content(content)
    return [problem for problem in checked.problems if problem.severity is Severity.ERROR]


def test_a_marker_ends_the_sentence_list_item_or_cell_it_follows() -> None:
    body = (
        "Lead sentence. Give it within 1 hour [1]. {claim=first kind=dose} Then rest, e.g. at home. {claim=second kind=key-fact source=practice}\n"
        "\n"
        "- Topotecan 1.5 mg/m² daily; cycles\n"
        "  repeat every 3 weeks. {claim=third kind=dose source=1}\n"
        "\n"
        "| Site | Dose |\n"
        "| --- | --- |\n"
        "| Bone | 17.6 Gy {carries=fourth,fifth} |\n"
    )
    markers = markers_in(body)

    assert [(marker.verb, marker.ids, marker.statement(body)) for marker in markers] == [
        ("claim", ("first",), "Give it within 1 hour [1]."),
        ("claim", ("second",), "Then rest, e.g. at home."),
        ("claim", ("third",), "Topotecan 1.5 mg/m² daily; cycles\n  repeat every 3 weeks."),
        ("carries", ("fourth", "fifth"), "17.6 Gy"),
    ]
    assert (markers[0].kind, markers[0].source, markers[1].source) == ("dose", None, "practice")


@pytest.mark.parametrize(
    ("marker", "error"),
    [
        ("{claim tvd}", "names its id after `=`"),
        ("{carry=tvd}", "`carry` is not a marker"),
        ("{claim=TVD kind=dose}", "lowercase letters"),
        ("{claim=a,b kind=dose}", "states one claim"),
        ("{claim=a colour=red}", "`colour` is not part of a `claim` marker"),
        ("{carries=a kind=dose}", "`kind` is not part of a `carries` marker"),
    ],
)
def test_a_marker_that_does_not_read_says_why(marker: str, error: str) -> None:
    [found] = markers_in(f"A sentence. {marker}")

    assert found.error is not None
    assert error in found.error


def test_markers_reach_no_reader_not_even_as_a_space() -> None:
    markdown = "Call now [1]. {claim=call kind=red-flag} Then wait.\n\n- An item {carries=call}\n"
    html, blocks, _ = render(markdown)

    assert "claim" not in html
    assert "carries" not in html
    assert "Then wait." in html
    assert "<li>An item</li>" in html
    assert "claim" not in repr(blocks)
    assert plain_text(markdown) == "Call now. Then wait. An item."
    assert strip_markers(markdown) == "Call now [1]. Then wait.\n\n- An item\n"
    assert len(without_markers(markdown)) == len(markdown)


def test_the_valid_fixture_marks_its_claims_and_passes(content: Path) -> None:
    assert check_content(content).problems == ()


def test_a_family_text_that_stops_carrying_a_red_flag_fails_naming_claim_section_audience_and_line(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(text(content, "en", "family"), "Do not wait [1]. {carries=fever-within-an-hour}", "Do not wait [1].")

    assert cli("check", str(content)) == 1
    output = capsys.readouterr().out
    [problem] = errors(content)
    assert problem.rule is Rule.CLAIM_NOT_CARRIED
    assert problem.file.endswith(f"{ANSWER}/en/family.md")
    assert problem.line == 1  # the section's heading
    for named in ("`fever-within-an-hour`", "`when-to-call`", "family text", "red-flag", "line 3"):
        assert named in problem.message
    assert "en/family.md:1: claim-not-carried: section `when-to-call`" in output


def test_a_nurse_text_carries_doses_and_the_family_text_need_not(content: Path) -> None:
    clinician = text(content, "en", "clinician")
    replace(
        clinician, "{claim=antibiotics-within-an-hour kind=key-fact}", "{claim=antibiotics-within-an-hour kind=dose}"
    )

    assert errors(content) == []  # the nurse texts carry it; the family texts need not
    replace(text(content, "es", "nurse"), " {carries=antibiotics-within-an-hour}", "")

    # Its sentence now carries nothing: the claim is missing from the section, and the figure is unstated.
    missing, unstated = errors(content)
    assert (missing.rule, missing.file.rsplit("/", 2)[1:]) == (Rule.CLAIM_NOT_CARRIED, ["es", "nurse.md"])
    assert "dose claim `antibiotics-within-an-hour`" in missing.message
    assert (unstated.rule, unstated.line) == (Rule.FIGURE_NOT_IN_CLAIM, 7)


def test_other_clinician_locales_carry_every_claim(content: Path) -> None:
    replace(text(content, "es", "clinician"), " {carries=antibiotics-within-an-hour}", "")

    [problem] = errors(content)
    assert problem.rule is Rule.CLAIM_NOT_CARRIED
    assert problem.file.endswith("es/clinician.md")
    assert "key-fact claim `antibiotics-within-an-hour`" in problem.message


def test_a_lay_sentence_with_a_figure_its_claims_do_not_state_fails(content: Path) -> None:
    replace(
        text(content, "en", "clinician"),
        "{claim=fever-within-an-hour kind=red-flag}",
        "{claim=fever-within-an-hour kind=red-flag}\nCheck the temperature every 4 hours. "
        "{claim=temperature-checks kind=key-fact source=practice}",
    )
    replace(
        text(content, "en", "nurse"),
        "{carries=fever-within-an-hour}\n",
        "{carries=fever-within-an-hour} Check the temperature every 4 hours. {carries=fever-within-an-hour}\n",
    )

    replace(
        text(content, "es", "clinician"),
        "{carries=fever-within-an-hour}",
        "{carries=fever-within-an-hour} Controle la temperatura cada 4 horas. {carries=temperature-checks}",
    )

    [problem] = errors(content)
    assert (problem.rule, problem.line) == (Rule.FIGURE_NOT_IN_CLAIM, 3)
    assert "`4 hours`" in problem.message
    assert "`fever-within-an-hour`" in problem.message
    replace(
        text(content, "en", "nurse"), "4 hours. {carries=fever-within-an-hour}", "4 hours. {carries=temperature-checks}"
    )
    assert errors(content) == []


def test_a_figure_in_a_sentence_that_carries_no_claim_fails(content: Path) -> None:
    replace(text(content, "es", "nurse"), "es urgente. {carries=fever-within-an-hour}", "es urgente.")

    [problem] = errors(content)
    assert (problem.rule, problem.line) == (Rule.FIGURE_NOT_IN_CLAIM, 3)
    assert "`10 días`" in problem.message
    assert problem.file.endswith("es/nurse.md")


def test_a_claim_without_a_source_fails_and_practice_is_a_source(content: Path) -> None:
    clinician = text(content, "en", "clinician")
    replace(clinician, "within 60 minutes [2]. {claim=", "within 60 minutes. {claim=")
    replace(text(content, "en", "nurse"), "60 minutes [2].", "60 minutes.")
    replace(text(content, "es", "nurse"), "60 minutos [2].", "60 minutos.")
    replace(text(content, "es", "clinician"), "60 minutos [2].", "60 minutos.")
    replace(text(content, "en", "family"), "fight germs [2].", "fight germs.")
    replace(text(content, "es", "family"), "los gérmenes [2].", "los gérmenes.")

    found = errors(content)
    assert [(problem.rule, problem.line) for problem in found] == [(Rule.UNUSED_CITATION, 18), (Rule.CLAIM, 7)]
    assert "`antibiotics-within-an-hour`: it has no source" in found[1].message
    assert "source=practice" in found[1].message

    replace(clinician, "kind=key-fact}", "kind=key-fact source=practice}")
    assert [problem.rule for problem in errors(content)] == [Rule.UNUSED_CITATION]


@pytest.mark.parametrize(
    ("locale", "audience", "old", "new", "expected"),
    [
        (
            "en",
            "nurse",
            "{carries=antibiotics-within-an-hour}",
            "{carries=antibiotics-in-an-hour}",
            "carries claim `antibiotics-in-an-hour`, which the English clinician text does not state",
        ),
        (
            "en",
            "family",
            "Do not wait [1]. {carries=fever-within-an-hour}",
            "Do not wait [1]. {claim=wait kind=red-flag}",
            "only the English clinician text states claims",
        ),
        ("en", "clinician", "kind=red-flag}", "kind=warning}", "`kind=warning` is not one of"),
        (
            "en",
            "clinician",
            "{claim=antibiotics-within-an-hour kind=key-fact}",
            "{claim=fever-within-an-hour kind=key-fact}",
            "is already stated",
        ),
    ],
)
def test_marker_mistakes_are_errors_at_their_line(
    content: Path, locale: str, audience: str, old: str, new: str, expected: str
) -> None:
    replace(text(content, locale, audience), old, new)

    found = [
        problem
        for problem in errors(content)
        if problem.rule is Rule.CLAIM and problem.file.endswith(f"{locale}/{audience}.md")
    ]
    assert len(found) == 1, found
    assert expected in found[0].message
    assert found[0].file.endswith(f"{locale}/{audience}.md")


def test_an_answer_written_before_claims_is_served_with_a_warning_and_refused_when_strict(tmp_path: Path) -> None:
    unmarked = FIXTURES / "rules" / "claims-not-marked"

    lenient = Gate().directory(unmarked, previous=None)
    strict = Gate(strict_claims=True).directory(unmarked, previous=None)

    assert lenient.catalog is not None
    assert ANSWER in lenient.catalog.answers
    [warning] = lenient.checked.problems
    assert (warning.rule, warning.severity) == (Rule.CLAIMS_NOT_MARKED, Severity.WARNING)
    assert strict.catalog is not None
    assert ANSWER not in strict.catalog.answers
    assert [held.slug for held in strict.held_back] == [ANSWER]
    assert cli("check", str(unmarked)) == 0
    assert cli("check", "--strict-claims", str(unmarked)) == 1
    assert cli("check", "--strict-claims", str(FIXTURES / "valid")) == 0


WAIVER = """
[[waivers]]
claim = "fever-within-an-hour"
audience = "family"
locale = "en"
reason = "Said to families at discharge, in person."
"""


def test_a_waiver_lets_one_text_leave_a_claim_out_once_the_metadata_is_approved(content: Path) -> None:
    replace(text(content, "en", "family"), "Do not wait [1]. {carries=fever-within-an-hour}", "Do not wait [1].")
    metadata = content / ANSWER / "answer.toml"
    metadata.write_text(metadata.read_text(encoding="utf-8") + WAIVER, encoding="utf-8")

    assert errors(content) == []  # the fixture's answer.toml says `approved`
    replace(metadata, 'status = "approved"', 'status = "submitted"')
    [problem] = errors(content)
    assert problem.rule is Rule.CLAIM_NOT_CARRIED
    assert "its waiver takes effect once someone other than its author approves the metadata" in problem.message


@pytest.mark.parametrize(
    ("claim", "audience", "expected"),
    [
        ("no-such-claim", "family", "which the English clinician text does not state"),
        ("antibiotics-within-an-hour", "family", "a family text need not carry it anyway"),
    ],
)
def test_a_waiver_that_waives_nothing_is_a_warning(content: Path, claim: str, audience: str, expected: str) -> None:
    metadata = content / ANSWER / "answer.toml"
    waiver = WAIVER.replace('"fever-within-an-hour"', f'"{claim}"').replace('"family"', f'"{audience}"')
    metadata.write_text(metadata.read_text(encoding="utf-8") + waiver, encoding="utf-8")

    [problem] = check_content(content).problems
    assert (problem.rule, problem.severity, problem.line) == (Rule.CLAIM, Severity.WARNING, 26)
    assert expected in problem.message
