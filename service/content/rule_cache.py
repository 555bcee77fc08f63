"""Rule results kept on disk by content digest, so a start-up or reload re-checks only what changed.

What the rules find in an answer is a pure function of its files, the reading targets, the code of
the rules and the place findings name the files from. The key is a digest of all four; the value is
the findings and report rows. One file per content directory, replaced atomically, holding only the
entries of its last run, so it never grows past the catalog it describes. It lives in a cache
directory of its own (`TAILOR_CHECK_CACHE`), never next to anything a reader can reach.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import msgspec

from service.content.model import Answer
from service.content.problems import Problem
from service.content.rules import ReadingRow
from service.content.targets import ReadingTargets
from service.structs import Record

__all__ = ["RuleCache", "RuleResults", "default_cache_dir"]

logger = logging.getLogger(__name__)
_CONTENT_CODE = Path(__file__).parent


class RuleResults(Record):
    """What the rules found in one answer."""

    problems: tuple[Problem, ...]
    rows: tuple[ReadingRow, ...]


@functools.cache
def _code_digest() -> bytes:
    """Every module of the content package, and the measuring packages' versions: a change re-checks everything."""
    digest = hashlib.sha256(f"{version('textstat')} {version('silabeador')}".encode())
    for module in sorted(_CONTENT_CODE.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.digest()


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/tailor`, or `~/.cache/tailor`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tailor"


def _name(content: str | Path) -> str:
    return str(content.resolve()) if isinstance(content, Path) else content


class RuleCache:
    """Rule results for the answers of one content directory; `directory=None` keeps them in memory only."""

    def __init__(
        self, directory: Path | None, content: str | Path, targets: ReadingTargets, shared: bytes | None = None
    ) -> None:
        """Read what a previous run left for `content` (a directory, or another name) checked against `targets`.

        `shared`: a `snapshot()` kept elsewhere (the store keeps one for every replica), read as well.
        """
        fixed = hashlib.sha256(_code_digest() + msgspec.json.encode(targets))
        self._fixed = fixed.digest()
        self._file = (
            directory / f"checks-{hashlib.sha256(_name(content).encode()).hexdigest()[:16]}.msgpack"
            if directory is not None
            else None
        )
        self._stored: dict[str, RuleResults] = {**self._decode(shared, "the shared rule cache"), **self._read()}
        self._used: dict[str, RuleResults] = {}
        self.hits = 0
        self.misses = 0

    def _read(self) -> dict[str, RuleResults]:
        if self._file is None or not self._file.is_file():
            return {}
        try:
            return self._decode(self._file.read_bytes(), str(self._file))
        except OSError:
            logger.warning("ignoring an unreadable rule cache: %s", self._file)
            return {}

    @staticmethod
    def _decode(data: bytes | None, shown: str) -> dict[str, RuleResults]:
        if not data:
            return {}
        try:
            return msgspec.msgpack.decode(data, type=dict[str, RuleResults])
        except (msgspec.DecodeError, msgspec.ValidationError):
            logger.warning("ignoring an unreadable rule cache: %s", shown)
            return {}

    def snapshot(self) -> bytes | None:
        """This run's entries, encoded for `shared`; None when nothing had to be computed (nothing new)."""
        return msgspec.msgpack.encode(self._used) if self.misses else None

    def results(self, answer: Answer, compute: Callable[[], RuleResults]) -> RuleResults:
        """The cached results for `answer`, or `compute()`'s, which are kept for the next run."""
        key = hashlib.sha256(self._fixed + f"{answer.metadata_file}\0{answer.revision}".encode()).hexdigest()
        found = self._stored.get(key)
        if found is None:
            self.misses += 1
            found = compute()
        else:
            self.hits += 1
        self._used[key] = found
        return found

    def save(self, *, keep_others: bool = False) -> None:
        """Replace the file with this run's entries (atomically); a cache that cannot be written is only logged.

        `keep_others`: this run checked some answers only; the entries of the others stay.
        """
        entries = {**self._stored, **self._used} if keep_others else self._used
        if self._file is None or (self.misses == 0 and entries.keys() == self._stored.keys()):
            return
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self._file.parent, delete=False, suffix=".tmp") as staging:
                staging.write(msgspec.msgpack.encode(entries))
            Path(staging.name).replace(self._file)
        except OSError as error:
            logger.warning("rule cache not written (%s): start-up will re-check every answer", error)
