"""The question per audience: written for nurses and families at their reading level and with the clinician
text's figures only, the clinician question standing in where none is written, language first."""

import re
from pathlib import Path

from service.content.gate import check_content
from tests.helpers import PROJECT, SLUG, serving, settings_for

BUNDLED = PROJECT / "variants"
FAMILY_EN = "What can help my child feel better when neuroblastoma comes back or does not go away?"
FAMILY_ES = "¿Qué puede ayudar a que mi hijo se sienta mejor cuando el neuroblastoma vuelve o no se va?"


def _metadata(bundled_copy: Path) -> Path:
    return bundled_copy / SLUG / "answer.toml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _messages(bundled_copy: Path) -> list[str]:
    return [f"{problem.rule}: {problem.message}" for problem in check_content(bundled_copy).problems]


def test_the_bundled_nurse_and_family_questions_pass_the_gate() -> None:
    assert _messages(BUNDLED) == []


def test_a_clinician_worded_family_question_is_refused_for_its_reading_level(bundled_copy: Path) -> None:
    clinician = (
        "What are the recommended palliative-intent treatments for children with advanced or refractory "
        "neuroblastoma, including chemotherapy, symptom medicines and other supportive care?"
    )
    _edit(_metadata(bundled_copy), f'en = "{FAMILY_EN}"', f'en = "{clinician}"')

    [message] = _messages(bundled_copy)
    assert re.fullmatch(
        r"reading-level: questions\.family\.en reads at flesch-kincaid-grade \d\d(\.\d)?; the target is ≤ 6: a shorter"
        r" question in everyday words",
        message,
    )


def test_a_family_question_may_only_use_figures_the_clinician_text_states(bundled_copy: Path) -> None:
    _edit(_metadata(bundled_copy), f'es = "{FAMILY_ES}"', 'es = "¿Ayuda una dosis de 7 mg a mi hijo?"')

    assert any(
        message.startswith("number-not-in-clinician: `7 mg`") and "in questions.family.es" in message
        for message in _messages(bundled_copy)
    )


def test_the_clinician_question_is_written_as_question_not_under_questions(bundled_copy: Path) -> None:
    _edit(
        _metadata(bundled_copy),
        "[questions.nurse]",
        '[questions.clinician]\nen = "Which treatments?"\n\n[questions.nurse]',
    )

    assert "metadata: the clinician question is `question`: `questions` holds the nurse and family ones" in (
        _messages(bundled_copy)
    )


def _h1(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert found is not None
    return found.group(1)


def test_each_reader_gets_the_question_in_their_words_language_first(bundled_copy: Path) -> None:
    # No Spanish family question: a Spanish family reader gets the Spanish clinician question, not English.
    _edit(_metadata(bundled_copy), f'es = "{FAMILY_ES}"\n', "")
    with serving(settings_for(bundled_copy)) as client:
        family = client.get(f"/en/family/answers/{SLUG}").text
        french = client.get(f"/fr/family/answers/{SLUG}").text
        clinician = client.get(f"/en/clinician/answers/{SLUG}").text
        spanish = client.get(f"/es/family/answers/{SLUG}").text
        as_json = client.get(f"/api/v1/answers/{SLUG}?audience=family&locale=en").json()
        listed = client.get("/en/family/answers").text
        found = client.get("/en/family/search?q=neuroblastoma").text

    assert _h1(family) == FAMILY_EN
    assert f"<title>{FAMILY_EN} · Tailor</title>" in family
    assert _h1(french).endswith(FAMILY_EN)  # French falls back to English: the English family question
    assert _h1(clinician).startswith("What are the recommended palliative-intent treatments")
    assert _h1(spanish).startswith("¿Qué tratamientos con intención paliativa se recomiendan")
    assert as_json["question"] == FAMILY_EN
    assert FAMILY_EN in listed
    assert FAMILY_EN in found
