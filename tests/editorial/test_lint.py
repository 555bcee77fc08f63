"""Plain-language findings for the people who write the nurse and family texts: at their exact place, with
everyday words offered, in English and Spanish; warnings only."""

from pathlib import Path

import pytest

from service.content.model import Audience
from service.editorial.lint import Lexicon, LintFinding, LintRule, lint
from tests.helpers import cli
from tests.helpers.store import Store

FAMILY_EN = """## Medicine for the tumor {#chemotherapy}

Your child may get analgesia and have haematological tests.
The tumor got smaller in 64% of the children.
Your child gets TVD every 3 weeks.
The medicine is given through a tube, and the nurse checks the tube and the skin and the blood and the heart and the ears.
"""

FAMILY_ES = """## Medicinas para el tumor {#chemotherapy}

Su hijo puede necesitar plaquetas por la vena.
El tumor se redujo en el 64 % de los niños.
"""


def findings(markdown: str, locale: str, audience: Audience = Audience.FAMILY) -> list[LintFinding]:
    return [finding for section in lint(markdown, locale, audience) for finding in section.findings]


def where(found: list[LintFinding], rule: LintRule) -> list[tuple[int, int, int]]:
    return [(finding.line, finding.column, finding.length) for finding in found if finding.rule is rule]


def test_each_finding_is_at_its_line_and_column_with_everyday_words_offered() -> None:
    found = findings(FAMILY_EN, "en")
    hard = [finding for finding in found if finding.rule is LintRule.HARD_WORD]

    assert [(finding.line, finding.column, finding.length, finding.suggestions) for finding in hard] == [
        (3, 20, 9, ("pain relief",)),
        (3, 39, 14, ("blood",)),
    ]
    assert hard[0].message == "“analgesia” is a hard word for this audience. Try: pain relief."
    assert all(finding.severity == "warning" for finding in found)
    # 64% for families: about 6 in 10.
    [percent] = [finding for finding in found if finding.rule is LintRule.PERCENT_FOR_FAMILIES]
    assert (percent.line, percent.column, percent.length, percent.suggestions) == (4, 26, 3, ("about 6 in 10",))
    assert where(found, LintRule.UNDEFINED_ACRONYM) == [(5, 17, 3)]
    assert where(found, LintRule.PASSIVE_VOICE) == [(6, 14, 8)]  # "is given"
    assert [(line, column) for line, column, _ in where(found, LintRule.LONG_SENTENCE)] == [(6, 1)]


def test_the_same_text_after_the_suggestions_has_no_hard_word() -> None:
    plain = FAMILY_EN.replace("analgesia", "pain relief").replace("haematological", "blood")

    assert where(findings(plain, "en"), LintRule.HARD_WORD) == []


def test_a_word_explained_in_brackets_and_a_spelt_out_acronym_are_not_findings() -> None:
    explained = FAMILY_EN.replace("haematological", "haematological (blood)").replace("TVD", "three medicines (TVD)")
    found = findings(explained, "en")

    assert where(found, LintRule.HARD_WORD) == [(3, 20, 9)]  # analgesia is still unexplained
    assert where(found, LintRule.UNDEFINED_ACRONYM) == []


def test_spanish_findings_and_suggestions() -> None:
    found = findings(FAMILY_ES, "es")

    [platelets] = [finding for finding in found if finding.rule is LintRule.HARD_WORD]
    assert (platelets.line, platelets.column, platelets.length) == (3, 25, 9)
    assert platelets.suggestions == ("células que ayudan a parar el sangrado",)
    assert where(found, LintRule.PERCENT_FOR_FAMILIES) == [(4, 26, 4)]
    explained = FAMILY_ES.replace("plaquetas", "plaquetas (células que ayudan a parar el sangrado)")
    assert where(findings(explained, "es"), LintRule.HARD_WORD) == []


def test_rare_words_are_flagged_by_word_frequency_even_outside_the_lexicon() -> None:
    text = "## Care {#care}\n\nThe team watches for thrombocytopenia and hypokalaemia.\n"

    hard = [finding for finding in findings(text, "en") if finding.rule is LintRule.HARD_WORD]

    assert [(finding.column, finding.suggestions) for finding in hard] == [(22, ("low platelets",)), (43, ())]
    assert "explain it in brackets" in hard[1].message


def test_jargon_in_a_heading_and_audiences_differ() -> None:
    text = "## Haematological support {#support}\n\nWatch the blood counts of the child and give it every day as the plan says it should be done for now.\n"

    family = findings(text, "en")
    nurse = findings(text, "en", Audience.NURSE)
    clinician = findings(text, "en", Audience.CLINICIAN)

    assert where(family, LintRule.HEADING_JARGON) == [(1, 4, 14)]
    assert where(family, LintRule.LONG_SENTENCE) == [(3, 1, 101)]  # 22 words: over 20 for families
    assert where(nurse, LintRule.LONG_SENTENCE) == []  # within 25 for nurses
    assert where(nurse, LintRule.PERCENT_FOR_FAMILIES) == []
    assert clinician == []  # clinician texts get their levels only


def test_nurses_get_a_listed_term_flagged_only_when_it_is_rare() -> None:
    text = "## Care {#care}\n\nCheck the platelets for myelosuppression.\n"

    family = [(finding.column, finding.suggestions) for finding in findings(text, "en")]
    nurse = [(finding.column, finding.suggestions) for finding in findings(text, "en", Audience.NURSE)]

    assert family == [(11, ("cells that help blood clot",)), (25, ("low blood counts",))]
    assert nurse == [(25, ("low blood counts",))]  # "platelets" is a nurse's everyday word


def test_each_section_reports_its_level_against_its_target() -> None:
    [section] = lint(FAMILY_EN, "en", Audience.FAMILY)

    assert section.section == "chemotherapy"
    assert section.sentences == 4
    assert section.words == 50
    assert section.reading_level is not None
    assert section.reading_level.smog is not None
    assert section.target == "≤ 6"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "“plaquetas” is a hard word for this audience."),
        ("es", "«plaquetas» es una palabra difícil para este público."),
    ],
)
def test_the_api_lints_in_the_editors_language_and_stores_nothing(store: Store, language: str, message: str) -> None:
    body = {"markdown": FAMILY_ES, "locale": "es", "audience": "family"}
    before = store.texts()

    linted = store.client.post(
        "/api/v1/editorial/lint", json=body, headers={**store.auth("ana"), "Accept-Language": language}
    )
    anonymous = store.client.post("/api/v1/editorial/lint", json=body)
    unknown = store.client.post(
        "/api/v1/editorial/lint", json={**body, "audience": "doctor"}, headers=store.auth("ana")
    )

    assert linted.status_code == 200, linted.text
    assert linted.headers["cache-control"] == "private, no-store"
    [section] = linted.json()["sections"]
    assert section["reading_level"]["formula"] == "szigriszt-inflesz"
    assert any(finding["message"].startswith(message) for finding in section["findings"])
    assert anonymous.status_code == 401
    assert unknown.status_code == 400  # the audience is an enum in the schema
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert store.texts() == before


def test_a_publisher_extends_the_lexicon_and_names_its_everyday_words(tmp_path: Path) -> None:
    (tmp_path / "en.toml").write_text(
        '# A publisher\'s additions.\neveryday = ["Brightwell"]\n[terms]\n"analgesia" = ["comfort medicine"]\n'
        '"infusion" = ["medicine through a drip"]\n',
        encoding="utf-8",
    )
    text = "## Care {#care}\n\nAt Brightwell, analgesia comes by infusion.\n"
    shipped = {(finding.column, finding.suggestions) for finding in findings(text, "en")}
    extended = {
        (finding.column, finding.suggestions)
        for section in lint(text, "en", Audience.FAMILY, lexicons=Lexicon(tmp_path))
        for finding in section.findings
    }

    assert (4, ()) in shipped  # a name word frequency has never seen
    assert (16, ("pain relief",)) in shipped
    assert extended == {(16, ("comfort medicine",)), (35, ("medicine through a drip",))}


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ('[terms]\n"analgesia" = "relief"\n', "Expected `array`"),
        ("[terms\n", "line 1"),
        ('colour = ["red"]\n', "colour"),
    ],
)
def test_a_wrong_publisher_lexicon_stops_the_start_naming_the_file(
    tmp_path: Path, content: str, complaint: str
) -> None:
    (tmp_path / "es.toml").write_text(content, encoding="utf-8")

    with pytest.raises(ValueError, match=r"lexicon .*es\.toml") as refused:
        Lexicon(tmp_path)
    assert complaint in str(refused.value)


def test_tailor_serve_refuses_a_wrong_publisher_lexicon_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "en.toml").write_text("[terms\n", encoding="utf-8")
    monkeypatch.setenv("TAILOR_LEXICON", str(tmp_path))

    assert cli("serve", "--port", "1") == 2
    assert capsys.readouterr().err == (
        f"tailor serve: lexicon {tmp_path / 'en.toml'}: Expected ']' at the end of a table declaration"
        " (at line 1, column 7)\n"
    )
