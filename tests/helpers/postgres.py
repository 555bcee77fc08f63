"""A throwaway PostgreSQL cluster for tests: Debian's server programs, a data directory in a temporary
folder, trust authentication, listening on 127.0.0.1 and a free port only.

PostgreSQL refuses to run as root, so as root every server program runs as the `postgres` user on a
directory that user owns. Tests that restart or kill the server use the same object.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from tests.helpers.processes import free_port

__all__ = ["PostgresCluster", "server_programs"]


def server_programs() -> Path | None:
    """The newest `/usr/lib/postgresql/<version>/bin`, if PostgreSQL's server is installed."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda path: int(path.parent.parent.name))
    return versions[-1].parent if versions else None


class PostgresCluster:
    """One cluster in a temporary directory of its own; `start()` before use, `stop()` and `remove()` after."""

    def __init__(self) -> None:
        programs = server_programs()
        if programs is None:
            raise RuntimeError("PostgreSQL's server is not installed: apt-get install postgresql")
        self.programs = programs
        # Directly under the system's temporary directory: pytest's own are private to the user running
        # it, and the server runs as `postgres`.
        self.directory = Path(tempfile.mkdtemp(prefix="tailor-postgres-"))
        self.data = self.directory / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "--auth=trust", "--username=postgres", "--encoding=UTF8", "-N")

    def _command(self, program: str, *arguments: str) -> list[str]:
        command = [str(self.programs / program), *arguments]
        return ["runuser", "-u", "postgres", "--", *command] if self.as_root else command

    def _run(self, program: str, *arguments: str) -> str:
        result = subprocess.run(
            self._command(program, *arguments), capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stdout}{result.stderr}")
        return result.stdout

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.directory} -c fsync=on"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.directory / "server.log"), "-w", "start"
        )

    def stop(self) -> None:
        """Stop the server (fast shutdown), if it runs."""
        subprocess.run(
            self._command("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop"),
            capture_output=True,
            timeout=120,
            check=False,
        )

    def kill(self) -> None:
        """SIGKILL the server's postmaster: no shutdown, no checkpoint (its children then exit on their own)."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        # The killed postmaster's children notice and exit; a new start waits for them (shared memory).
        time.sleep(0.5)

    def remove(self) -> None:
        """Delete the cluster's files (after `stop()`)."""
        shutil.rmtree(self.directory, ignore_errors=True)

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement with `psql`; its output."""
        return self._run(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-Atc", statement
        )

    def new_database(self) -> str:
        """A new, empty database; its SQLAlchemy URL (asyncpg)."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.sql(f"CREATE DATABASE {name}")
        return self.url(name)

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of a database of this cluster."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"
