"""Running the app on Granian, with content reloads that never take the service down.

Granian's own answer to SIGHUP is to respawn its workers. A respawned worker starts empty, so content
with errors would leave it with nothing to serve. Here SIGHUP is passed on to the running workers
instead: each reloads its content and keeps the catalog it has when the new one fails validation.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import socket
from pathlib import Path
from typing import Any

from granian.constants import HTTPModes, Interfaces, Loops
from granian.server import Server

__all__ = ["PortInUse", "serve"]

logger = logging.getLogger(__name__)
SERVICE_DIR = Path(__file__).resolve().parent.parent


class PortInUse(Exception):
    """Another process already listens on the address."""


def _claim(host: str, port: int) -> None:
    """Fail now if anything listens on `host:port`.

    Granian binds with SO_REUSEPORT, so a second server on a busy port would start and the kernel
    would split connections between two processes that may serve different content revisions. A
    plain bind (SO_REUSEADDR only, so a restart does not trip over sockets in TIME_WAIT) fails
    while any other socket listens there, with or without SO_REUSEPORT.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortInUse(
                    f"port {port} on {host} is already in use by another process; stop it or choose another with --port"
                ) from error
            raise


class ContentReloadingServer(Server):  # type: ignore[misc,valid-type]
    """Granian's multi-process server, with SIGHUP forwarded to the workers rather than respawning them."""

    def _reload(self, spawn_target: Any, target_loader: Any) -> None:  # noqa: ANN401 - Granian's private hook
        self.reload_signal = False
        self.main_loop_interrupt.clear()
        for worker in self.wrks:
            pid = worker.inner.pid
            if pid is not None:
                os.kill(pid, signal.SIGHUP)
        logger.info("SIGHUP passed to %d workers: reloading content", len(self.wrks))


def serve(*, host: str, port: int, workers: int, reload_code: bool) -> None:
    """Serve `service.app:create_app` until SIGINT or SIGTERM (in-flight requests finish first).

    Raises:
        PortInUse: when another process listens on the address.
    """
    _claim(host, port)
    server = ContentReloadingServer(
        "service.app:create_app",
        address=host,
        port=port,
        workers=workers,
        interface=Interfaces.ASGI,
        # HTTP/1.1 only (TLS and HTTP/2 belong to the proxy or CDN in front), no websockets, uvloop:
        # the measured fastest settings for serving cached renditions (see bench/).
        http=HTTPModes.http1,
        websockets=False,
        loop=Loops.uvloop,
        factory=True,
        # --reload restarts workers on code changes; content changes are watched inside the app.
        reload=reload_code,
        reload_paths=[SERVICE_DIR] if reload_code else None,
    )
    server.serve()
