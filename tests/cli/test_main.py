import json
import subprocess
import sys
from pathlib import Path

import pytest

from service.cli.main import main
from tests.helpers import FIXTURES


def test_check_prints_a_row_per_section_text_and_passes(
    valid_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["check", str(valid_content)])
    output = capsys.readouterr().out

    assert status == 0
    header = output.splitlines()[0].split()
    assert header[:5] == ["answer", "section", "audience", "locale", "words"]
    assert sum(line.startswith("fever-after-chemo") for line in output.splitlines()) == 18
    assert output.rstrip().endswith("ok: 18 section texts, 0 errors, 0 warnings")


def test_check_fails_with_file_line_rule_and_message(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", str(FIXTURES / "rules" / "undefined-citation")])
    output = capsys.readouterr().out

    assert status == 1
    assert "undefined-citation/fever-after-chemo/en/family.md:3: undefined-citation: citation [3]" in output
    assert "FAILED" in output


def test_warnings_alone_do_not_fail(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURES / "rules" / "locale-incomplete")]) == 0
    assert "warning: locale-incomplete" in capsys.readouterr().out


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", "--json", str(FIXTURES / "rules" / "reading-level")])
    report = json.loads(capsys.readouterr().out)

    assert status == 1
    assert report["ok"] is False
    assert report["errors"] == 1
    assert report["problems"][0]["rule"] == "reading-level"
    failing = [row for row in report["variants"] if not row["passed"]]
    assert [(row["section"], row["audience"], row["locale"], row["verdict"]) for row in failing] == [
        ("what-happens", "family", "en", "too hard")
    ]


def test_targets_are_configurable(valid_content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    strict = tmp_path / "targets.toml"
    strict.write_text("[en]\nfamily = -5\nnurse = 10\n\n[es]\nfamily = 65\nnurse = 55\n", encoding="utf-8")

    assert main(["check", "--targets", str(strict), str(valid_content)]) == 1
    assert "the target is ≤ -5" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("[xx]\nfamily = 1\n", "no readability formula for xx"), ("[en]\nfamily = 'six'\n", "Expected `float | null`")],
)
def test_bad_targets_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, fragment: str
) -> None:
    targets = tmp_path / "targets.toml"
    targets.write_text(content, encoding="utf-8")

    assert main(["check", "--targets", str(targets), str(tmp_path)]) == 2
    assert fragment in capsys.readouterr().err


def test_the_console_script_runs_as_a_module(valid_content: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "service.cli.main", "check", str(valid_content)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_summary_counts_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(FIXTURES / "rules" / "reading-level")])

    assert capsys.readouterr().out.rstrip().endswith("FAILED: 18 section texts, 1 error, 0 warnings")
