"""The review board's name is translatable metadata: one name, or a name per locale along the locale chain."""

import shutil
from pathlib import Path

from service.content.gate import check_content
from service.content.problems import Rule
from tests.helpers import FIXTURES, serving, settings_for

SLUG = "fever-after-chemo"
ONE_NAME = 'board = "Fixture Review Board"'


def _content(tmp_path: Path, board: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", content)
    toml = content / SLUG / "answer.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(ONE_NAME, board), encoding="utf-8")
    return content


def test_a_board_named_per_locale_is_shown_in_the_readers_language(tmp_path: Path) -> None:
    content = _content(tmp_path, 'board = { en = "Fixture Review Board", es = "Comité de revisión de prueba" }')

    with serving(settings_for(content)) as client:
        spanish = client.get(f"/es/family/answers/{SLUG}").text
        english = client.get(f"/en/family/answers/{SLUG}").text
        french = client.get(f"/api/v1/answers/{SLUG}?audience=family&locale=fr").json()

    assert "Comité de revisión: Comité de revisión de prueba" in spanish
    assert "Review board: Fixture Review Board" in english
    assert french["review"]["board"] == "Fixture Review Board"  # French falls back to the default locale's


def test_a_board_named_per_locale_needs_the_default_locale(tmp_path: Path) -> None:
    content = _content(tmp_path, 'board = { es = "Comité de revisión de prueba", "EN_us" = "Board" }')

    found = [str(problem) for problem in check_content(content).problems if problem.rule is Rule.METADATA]

    assert any("needs a name in the default locale `en`" in problem for problem in found), found
    assert any("`EN_us` is not a locale tag" in problem for problem in found), found
