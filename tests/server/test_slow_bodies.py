"""A body that trickles in is cut off at the deadline (TAILOR_BODY_SECONDS) on a real server: a 408, the
connection closed, the worker free; a body sent at once goes through as before."""

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import SLUG
from tests.helpers.processes import free_port, revision, send, start_server, stop_server, wait_until
from tests.helpers.store import filled_store

DEADLINE = 2.0


@pytest.fixture
def port(tmp_path: Path) -> Iterator[int]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'tailor.db'}"
    filled_store(url)
    chosen = free_port()
    server = start_server(
        None, chosen, "--database", url, cwd=tmp_path, environment={"TAILOR_BODY_SECONDS": str(DEADLINE)}
    )
    try:
        wait_until(lambda: revision(chosen) is not None)
        yield chosen
    finally:
        stop_server(server)


def test_a_body_sent_a_byte_every_half_second_is_refused_at_the_deadline(port: int) -> None:
    body = f"slug={SLUG}&audience=family&locale=en&message=slow".encode()
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(
            b"POST /feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)
        )
        answer = b""
        for byte in body:
            try:
                connection.sendall(bytes([byte]))
            except OSError:
                break  # closed by the server
            connection.settimeout(0.5)
            try:
                answer += connection.recv(65536)
            except TimeoutError:
                continue
            if answer:
                break
        elapsed = time.monotonic() - started

    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"did not arrive in time" in answer  # the error page, as any refusal
    assert elapsed < DEADLINE + 3


def test_a_body_sent_at_once_goes_through(port: int) -> None:
    body = f"slug={SLUG}&audience=family&locale=en&message=quick".encode()
    status, _, _ = send(
        port, "POST", "/feedback", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )

    assert status == 303
