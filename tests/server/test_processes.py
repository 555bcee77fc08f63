"""The production server as a process: SIGHUP reloads gated by validation, SIGTERM finishes in-flight requests."""

import http.client
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import FIXTURES
from tests.helpers.processes import TAILOR, free_port, get, revision, start_server, stop_server, wait_until


@pytest.fixture
def content(tmp_path: Path) -> Path:
    directory = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", directory)
    return directory


@pytest.fixture
def server(content: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    process = start_server(content, port)
    try:
        wait_until(lambda: revision(port) is not None)
        yield process, port
    finally:
        stop_server(process)


def test_sighup_reloads_valid_content_and_keeps_serving_through_broken_content(
    server: tuple[subprocess.Popen[bytes], int], content: Path
) -> None:
    process, port = server
    first = revision(port)
    toml = content / "fever-after-chemo" / "answer.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("What should happen", "What must happen"), encoding="utf-8"
    )
    process.send_signal(signal.SIGHUP)
    wait_until(lambda: revision(port) not in {None, first})
    second = revision(port)

    (content / "fever-after-chemo" / "en" / "family.md").unlink()  # breaks the default locale
    process.send_signal(signal.SIGHUP)
    time.sleep(1.5)

    assert process.poll() is None
    assert revision(port) == second
    status, headers, body = get(port, "/en/family/answers/fever-after-chemo")
    assert status == 200
    assert headers["x-content-revision"] == second
    assert b"What must happen" in body


def test_sigterm_lets_in_flight_requests_finish_and_exits_promptly(server: tuple[subprocess.Popen[bytes], int]) -> None:
    process, port = server
    connections = []
    for number in range(48):
        locale = ("en", "es", "fr", "de", "ar", "es-MX")[number % 6]
        audience = ("clinician", "nurse", "family")[number % 3]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", f"/{locale}/{audience}/answers/fever-after-chemo?n={number}")
        connections.append(connection)

    process.send_signal(signal.SIGTERM)
    statuses = []
    for connection in connections:
        response = connection.getresponse()
        response.read()
        statuses.append(response.status)
        connection.close()
    started = time.monotonic()
    process.wait(timeout=15)

    assert statuses == [200] * 48
    assert time.monotonic() - started < 15
    assert process.returncode is not None


def test_a_second_server_on_a_busy_port_fails_at_once(server: tuple[subprocess.Popen[bytes], int]) -> None:
    _, port = server
    started = time.monotonic()
    second = subprocess.run(
        [str(TAILOR), "serve", "--port", str(port), "--content", str(FIXTURES / "valid")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert second.returncode == 1
    assert time.monotonic() - started < 10
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"port {port}" in lines[0]
    assert "--port" in lines[0]
    assert revision(port) is not None  # the first server still answers, alone


def test_version() -> None:
    result = subprocess.run([str(TAILOR), "--version"], capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "tailor 0.1.0"
