"""The gate on a real `tailor serve`: nothing `tailor check` rejects reaches a reader, at start-up or on reload."""

import json
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.cli.main import main
from tests.helpers import FIXTURES
from tests.helpers.processes import free_port, get, start_server, stop_server, wait_until

ANSWER = "fever-after-chemo"
RULE_FIXTURES = sorted(path.name for path in (FIXTURES / "rules").iterdir())
PAGE = f"/en/family/answers/{ANSWER}"
JSON = f"/api/v1/answers/{ANSWER}?audience=family&locale=en"
BATCH = 5


def check_fails(fixture: str) -> bool:
    return main(["check", str(FIXTURES / "rules" / fixture)]) == 1


def ready(port: int) -> dict[str, object]:
    status, _, body = get(port, "/ready")
    assert status == 200
    document: dict[str, object] = json.loads(body)
    return document


def start(content: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    return start_server(content, port), port


def test_every_fixture_that_fails_the_check_is_refused_at_start_up(tmp_path: Path) -> None:
    # A few servers at a time: twenty Python servers starting at once on two cores would measure the
    # machine, not the gate.
    for batch in range(0, len(RULE_FIXTURES), BATCH):
        started = {}
        try:
            for fixture in RULE_FIXTURES[batch : batch + BATCH]:
                content = tmp_path / fixture
                shutil.copytree(FIXTURES / "rules" / fixture, content)
                started[fixture] = start(content)
            for fixture, (_, port) in started.items():
                wait_until(lambda port=port: get(port, "/ready")[0] == 200, timeout=120)  # type: ignore[misc]
                state = ready(port)
                page, _, _ = get(port, PAGE)
                api, _, _ = get(port, JSON)
                if check_fails(fixture):
                    assert (state["held_back"], page, api) == (1, 404, 404), fixture
                else:  # warnings never hold anything back
                    assert (state["held_back"], page, api) == (0, 200, 200), fixture
        finally:
            for process, _ in started.values():
                stop_server(process)
    assert sum(check_fails(fixture) for fixture in RULE_FIXTURES) >= 17


@pytest.fixture
def serving_valid(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", content)
    process, port = start(content)
    try:
        wait_until(lambda: get(port, "/ready")[0] == 200)
        yield process, port, content
    finally:
        stop_server(process)


def _replace(content: Path, source: Path) -> None:
    shutil.rmtree(content)
    shutil.copytree(source, content)


def test_every_fixture_that_fails_the_check_is_refused_on_reload(
    serving_valid: tuple[subprocess.Popen[bytes], int, Path],
) -> None:
    process, port, content = serving_valid
    valid = ready(port)
    _, _, valid_page = get(port, PAGE)
    reloads = 0
    for fixture in RULE_FIXTURES:
        if not check_fails(fixture):
            continue
        _replace(content, FIXTURES / "rules" / fixture)
        process.send_signal(signal.SIGHUP)
        wait_until(lambda: ready(port)["held_back"] == 1)
        status, headers, body = get(port, PAGE)
        assert (status, headers["x-content-revision"], body) == (200, valid["catalog_revision"], valid_page), fixture
        _replace(content, FIXTURES / "valid")
        process.send_signal(signal.SIGHUP)
        wait_until(lambda: ready(port)["held_back"] == 0)
        reloads += 1
    assert reloads >= 17
    _, _, metrics = get(port, "/metrics")
    assert b"tailor_answers_held_back 0.0" in metrics


def test_a_broken_answer_does_not_hold_back_the_others(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "rules" / "related-should-link", content)  # two valid answers
    process, port = start(content)
    try:
        wait_until(lambda: get(port, "/ready")[0] == 200)
        assert ready(port)["answers"] == 2
        # One author breaks an answer (a dose the clinician text does not give); another fixes a typo.
        family = content / ANSWER / "en" / "family.md"
        family.write_text(
            family.read_text(encoding="utf-8").replace("Do not wait", "Give 0.1 mg/kg of morphine every 4 hours"),
            encoding="utf-8",
        )
        other = content / "central-lines" / "answer.toml"
        other.write_text(other.read_text(encoding="utf-8").replace("looked after", "cared for"), encoding="utf-8")
        process.send_signal(signal.SIGHUP)
        wait_until(lambda: ready(port)["held_back"] == 1)

        _, _, broken = get(port, PAGE)
        _, _, fixed = get(port, "/en/family/answers/central-lines")
        _, _, metrics = get(port, "/metrics")
    finally:
        stop_server(process)
    assert b"morphine" not in broken
    assert b"Do not wait" in broken
    assert b"How is a central line cared for at home?" in fixed
    assert b"tailor_answers_held_back 1.0" in metrics
