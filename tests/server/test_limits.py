"""Limits that hold against real processes: every worker and replica counts in the store, behind the shipped
nginx each reader is counted by their own address, and parallel wrong sign-ins cost neither rate nor memory.

Clients are told apart by their loopback source address (127.0.0.2 and 127.0.0.3 are two machines to
the server, and to nginx, which forwards them in X-Forwarded-For)."""

import math
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import SLUG
from tests.helpers.caches import missing, start_nginx
from tests.helpers.processes import (
    forget_peak,
    free_port,
    memory,
    revision,
    send,
    start_server,
    stop_server,
    wait_for_workers,
    wait_until,
    workers_of,
)
from tests.helpers.signing_in import FORM, at_once, sign_in, sign_in_form
from tests.helpers.sql import rows
from tests.helpers.store import PASSWORD, filled_store

MIB = 1024 * 1024


def feedback(port: int, source: str, number: int) -> int:
    """Post one question about the bundled answer from `source`; the status."""
    body = urllib.parse.urlencode(
        {"slug": SLUG, "audience": "family", "locale": "en", "message": f"Question {number} from {source}"}
    )
    return send(port, "POST", "/feedback", body=body.encode(), headers=FORM, source=source)[0]


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str]]:
    """Two workers on a SQLite store that trust the nginx in front of them (deploy/nginx.conf): nginx's port.

    Shared by the tests of this module: each counts against keys of its own (its addresses, its accounts).
    """
    if missing():
        pytest.fail(f"install {', '.join(missing())} (.ci/run does)")
    tmp_path = tmp_path_factory.mktemp("behind-nginx")
    url = f"sqlite+aiosqlite:///{tmp_path / 'tailor.db'}"
    filled_store(url, passwords=True)
    tailor_port, nginx_port = free_port(), free_port()
    server = start_server(
        None,
        tailor_port,
        "--database",
        url,
        "--workers",
        "2",
        cwd=tmp_path,
        log=tmp_path / "server.log",
        environment={"TAILOR_TRUSTED_PROXIES": "127.0.0.1"},
    )
    (tmp_path / "nginx").mkdir()
    nginx = start_nginx(tmp_path / "nginx", port=nginx_port, tailor_port=tailor_port)
    try:
        wait_for_workers(tmp_path / "server.log", 2)
        wait_until(lambda: revision(nginx_port) is not None)
        yield nginx_port, url
    finally:
        nginx.terminate()
        nginx.wait()
        stop_server(server)


def test_behind_nginx_each_reader_is_counted_by_their_own_address_in_every_worker(
    behind_nginx: tuple[int, str],
) -> None:
    port, url = behind_nginx
    first = [feedback(port, "127.0.0.2", number) for number in range(7)]
    other = feedback(port, "127.0.0.3", 0)

    # Five at once from one reader, whichever of the two workers each message reached; then a 429.
    assert first == [303] * 5 + [429] * 2
    # Another reader behind the same nginx is not the first one.
    assert other == 303
    assert rows(url, "select count(*) from feedback") == [(6,)]


def test_parallel_wrong_sign_ins_are_refused_before_any_password_is_checked(behind_nginx: tuple[int, str]) -> None:
    port, _ = behind_nginx
    form = sign_in_form(port, "127.0.0.2")
    guesses = at_once(40, lambda n: sign_in(port, form, "mallory", f"wrong guess {n}", "127.0.0.2"))
    editor = sign_in(port, sign_in_form(port, "127.0.0.3"), "ben", PASSWORD, "127.0.0.3")

    statuses = sorted(status for status, _ in guesses)
    checked = statuses.count(401)
    # The allowance of five, the same in both workers, and never more. Fewer when the machine is loaded: a
    # count the store is too busy to take is refused unchecked (429) rather than let through.
    assert 1 <= checked <= 5, statuses
    assert statuses == [401] * checked + [429] * (40 - checked)
    assert all(int(headers["retry-after"]) >= 1 for status, headers in guesses if status == 429)
    # An editor at another address is not slowed by the guessing, nor is their own account.
    assert editor[0] == 303


def test_an_account_is_limited_whatever_address_guesses_at_it(behind_nginx: tuple[int, str]) -> None:
    port, _ = behind_nginx
    outcomes = []
    for number in range(8):
        source = f"127.0.1.{number + 1}"
        outcomes.append(sign_in(port, sign_in_form(port, source), "cy", f"wrong {number}", source)[0])
    # cy's own right password from yet another address would be refused too while the allowance is used
    # up: the price of a limit per account (Retry-After says for how long; a couple of seconds).
    assert outcomes == [401] * 5 + [429] * 3


def test_a_success_gives_back_only_its_own_attempt(behind_nginx: tuple[int, str]) -> None:
    """An insider who signs in between guesses does not reset the count of the address they guess from."""
    port, _ = behind_nginx
    form = sign_in_form(port, "127.0.0.4")
    started = time.monotonic()
    checked_guesses = 0
    for number in range(10):
        checked_guesses += sign_in(port, form, "trudy", f"wrong {number}", "127.0.0.4")[0] == 401
        sign_in(port, form, "ben", PASSWORD, "127.0.0.4")
    elapsed = time.monotonic() - started

    # The allowance of five, and one more per two seconds since: as if the successes had not happened.
    assert checked_guesses <= 5 + math.ceil(elapsed / 2)
    assert checked_guesses < 10


@pytest.fixture
def two_replicas(database_url: str, tmp_path: Path) -> Iterator[tuple[int, int, str]]:
    """Two `tailor serve` processes on one store (each engine)."""
    filled_store(database_url)
    ports = (free_port(), free_port())
    servers = [start_server(None, port, "--database", database_url, cwd=tmp_path) for port in ports]
    try:
        wait_until(lambda: all(revision(port) is not None for port in ports))
        yield ports[0], ports[1], database_url
    finally:
        for server in servers:
            stop_server(server)


def test_replicas_count_against_one_limit(two_replicas: tuple[int, int, str]) -> None:
    first, second, url = two_replicas
    statuses = [feedback(first if number % 2 else second, "127.0.0.5", number) for number in range(8)]

    assert statuses == [303] * 5 + [429] * 3
    assert rows(url, "select count(*) from feedback") == [(5,)]


def test_forty_parallel_password_checks_stay_within_300_mib_of_idle(tmp_path: Path) -> None:
    """Forty wrong sign-ins at once, each from an address and for an account of its own (no limit applies):
    Argon2 holds 64 MiB per check, and only a few checks run at once in a worker."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'tailor.db'}"
    filled_store(url, passwords=True)
    port = free_port()
    # Trusting the client itself, so that each request may say it comes from elsewhere (X-Forwarded-For).
    server = start_server(
        None, port, "--database", url, cwd=tmp_path, environment={"TAILOR_TRUSTED_PROXIES": "127.0.0.1"}
    )
    try:
        wait_until(lambda: revision(port) is not None)
        form = sign_in_form(port, "127.0.0.1")
        sign_in(port, form, "nobody", "a first check, to load Argon2", "127.0.0.1")
        [worker] = workers_of(server)
        idle, _ = memory(worker)
        forget_peak(worker)

        def guess(number: int) -> tuple[int, dict[str, str]]:
            headers = {**form, "X-Forwarded-For": f"198.51.100.{number + 1}"}
            return sign_in(port, headers, f"account-{number}", "wrong", "127.0.0.1")

        guesses = at_once(40, guess)
        _, peak = memory(worker)
    finally:
        stop_server(server)

    assert {status for status, _ in guesses} <= {401, 429}
    assert sum(status == 401 for status, _ in guesses) >= 3  # checks ran: some at once, others in turn
    assert (peak - idle) / MIB < 300, f"idle {idle / MIB:.0f} MiB, peak {peak / MIB:.0f} MiB"


def test_metrics_are_not_reachable_through_the_shipped_nginx(behind_nginx: tuple[int, str]) -> None:
    """nginx does not route them; were it to, the replica would see the reader's address, not loopback."""
    port, _ = behind_nginx
    status, _, body = send(port, "GET", "/metrics", source="127.0.0.2")

    assert status == 404
    assert b"# HELP" not in body
