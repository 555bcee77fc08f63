"""Measure what parallel password guessing costs a worker, and how fast its guesses get checked.

    python bench/sign_in_guessing.py [--seconds 20] [--threads 40]

A real `tailor serve` (one worker) on a SQLite store with passwords, trusting loopback as its proxy, so
that each guess may say which address it comes from (X-Forwarded-For). Three attacks, each by
`--threads` threads guessing without pause for `--seconds`:

- one address, a different account per guess: the limit per address;
- one account, a different address per guess: the limit per account;
- a different address and account per guess (no limit applies): what bounds memory is the number of
  Argon2 checks a worker runs at once.

Reported against references measured or configured in the same run: guesses checked per second (a
401) against the limit's own rate (`service.editorial.sign_ins`), and the worker's peak resident memory
above its idle level against the 300 MiB allowed and against one check's Argon2 memory.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.editorial.sign_ins import BY_ACCOUNT, BY_ADDRESS  # noqa: E402
from service.editorial.users import VERIFICATION_BYTES  # noqa: E402 - after the project root is importable
from tests.helpers.processes import (  # noqa: E402
    forget_peak,
    free_port,
    memory,
    revision,
    start_server,
    stop_server,
    wait_until,
    workers_of,
)
from tests.helpers.signing_in import sign_in, sign_in_form  # noqa: E402
from tests.helpers.store import filled_store  # noqa: E402

MIB = 1024 * 1024


def _address(number: int) -> str:
    """The `number`th address of 10.0.0.0/8."""
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


def attack(port: int, form: dict[str, str], *, threads: int, seconds: float, address: bool, account: bool) -> float:
    """Guess from `threads` threads for `seconds`; the guesses checked (a 401, not a 429) per second.

    `address`, `account`: every guess from one address, at one account; otherwise a new one each time.
    """
    numbers = itertools.count()
    checked = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def guess() -> None:
        nonlocal checked
        while time.monotonic() < deadline:
            number = next(numbers)
            headers = {
                **form,
                "X-Forwarded-For": "198.51.100.7"
                if address
                else f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}",
            }
            status, _ = sign_in(port, headers, "ana" if account else f"account-{number}", "wrong", "127.0.0.1")
            if status == 401:
                with lock:
                    checked += 1

    started = time.monotonic()
    workers = [threading.Thread(target=guess) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return checked / (time.monotonic() - started)


def main() -> None:
    """Serve, attack three ways, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--threads", type=int, default=40)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as work_name:
        work = Path(work_name)
        url = f"sqlite+aiosqlite:///{work / 'tailor.db'}"
        filled_store(url, passwords=True)
        port = free_port()
        server = start_server(
            None, port, "--database", url, cwd=work, environment={"TAILOR_TRUSTED_PROXIES": "127.0.0.1"}
        )
        try:
            wait_until(lambda: revision(port) is not None)
            form = sign_in_form(port, "127.0.0.1")
            sign_in(port, form, "nobody", "a first check, to load Argon2", "127.0.0.1")
            [worker] = workers_of(server)
            idle, _ = memory(worker)
            forget_peak(worker)
            per_address = attack(
                port, form, threads=arguments.threads, seconds=arguments.seconds, address=True, account=False
            )
            per_account = attack(
                port, form, threads=arguments.threads, seconds=arguments.seconds, address=False, account=True
            )
            unlimited = attack(
                port, form, threads=arguments.threads, seconds=arguments.seconds, address=False, account=False
            )
            _, peak = memory(worker)
        finally:
            stop_server(server)
    print(f"{arguments.threads} threads guessing for {arguments.seconds:.0f} s each, one worker")
    print(f"{'attack':<40} {'checked/s':>10} {'limit/s':>8} {'× limit':>8}")
    for name, rate, limit in (
        ("one address, many accounts", per_address, BY_ADDRESS),
        ("one account, many addresses", per_account, BY_ACCOUNT),
    ):
        allowed = 1 / limit.interval + limit.burst / arguments.seconds  # the steady rate, and the burst once
        print(f"{name:<40} {rate:>10.2f} {allowed:>8.2f} {rate / allowed:>8.2f}")
    print(f"{'many addresses, many accounts':<40} {unlimited:>10.2f} {'—':>8} {'—':>8}")
    above = (peak - idle) / MIB
    print(
        f"worker memory: idle {idle / MIB:.0f} MiB, peak {peak / MIB:.0f} MiB: {above:.0f} MiB above idle "
        f"({above / 300:.2f} × the 300 MiB allowed, {above * MIB / VERIFICATION_BYTES:.1f} × one Argon2 check)"
    )


if __name__ == "__main__":
    main()
