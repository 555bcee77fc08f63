"""Real `tailor serve` processes on free loopback ports, and plain HTTP to them."""

import http.client
import json
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

TAILOR = Path(sys.executable).parent / "tailor"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {name.lower(): value for name, value in response.getheaders()}, body


def revision(port: int) -> str | None:
    status, _, body = get(port, "/ready")
    return json.loads(body)["catalog_revision"] if status == 200 else None


def wait_until(condition: Callable[[], object], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError("condition not met")
