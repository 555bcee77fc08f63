"""Real `tailor serve` processes on free loopback ports, and plain HTTP to them."""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

TAILOR = Path(sys.executable).parent / "tailor"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One GET to a server on this machine: (status, headers in lower case, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {name.lower(): value for name, value in response.getheaders()}, body


def revision(port: int) -> str | None:
    status, _, body = get(port, "/ready")
    return json.loads(body)["catalog_revision"] if status == 200 else None


def wait_until(condition: Callable[[], object], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError("condition not met")


def wait_for_workers(log: Path, workers: int, timeout: float = 60) -> None:
    """Wait until each of a server's `workers` has its first catalog (each logs "content loaded" once it has).

    Asking `/ready` cannot tell: a connection reaches whichever worker accepts it, and one still loading
    can go unasked for any number of requests (behind nginx, which keeps its connections, nearly always).
    """
    wait_until(lambda: log.read_text(encoding="utf-8").count('"message":"content loaded') >= workers, timeout)


def start_server(
    content: Path | None,
    port: int,
    *extra: str,
    cwd: Path | None = None,
    log: Path | None = None,
    environment: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """`tailor serve` on `content` (None: on the store), in a process group of its own so that
    `stop_server` reaches its workers; its output goes to `log` when given, `environment` is added to ours."""
    source = ["--content", str(content)] if content is not None else []
    with log.open("wb") if log is not None else contextlib.nullcontext(subprocess.DEVNULL) as output:
        return subprocess.Popen(
            [str(TAILOR), "serve", "--port", str(port), *source, *extra],
            stdout=output,
            stderr=subprocess.STDOUT if log is not None else subprocess.DEVNULL,
            start_new_session=True,
            cwd=cwd,
            env={**os.environ, **(environment or {})},
        )


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop a server and every worker it started, even when the server itself was killed first.

    Granian's workers are processes of their own: killing only the parent would leave them serving.
    """
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def call(port: int, method: str, path: str, token: str, body: bytes = b"", **headers: str) -> tuple[int, bytes]:
    """One request with a bearer token and a JSON body to a server on this machine: (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            method,
            path,
            body=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", **headers},
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def send(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    source: str = "127.0.0.1",
) -> tuple[int, dict[str, str], bytes]:
    """One request from the loopback address `source` (127.0.0.2 is another client than 127.0.0.1):
    (status, headers in lower case, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()


def workers_of(process: subprocess.Popen[bytes]) -> list[int]:
    """The process ids of a server's workers (its children)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    return [int(child) for child in children]


def memory(pid: int) -> tuple[int, int]:
    """(resident bytes now, the most resident since the last `forget_peak`) of a process."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


def forget_peak(pid: int) -> None:
    """Start a process's peak of resident memory (`VmHWM`) again from now (Linux's clear_refs, 5)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")
