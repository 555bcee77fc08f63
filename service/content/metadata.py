"""Reading an answer's `answer.toml` into `AnswerMetadata`, with every error pointing at a line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import msgspec

from service.content.model import AnswerMetadata, ReviewStatus
from service.content.problems import Problem, Rule

METADATA_FILE = "answer.toml"

_TOML_LINE = re.compile(r"at line (\d+)")
_ERROR_PATH = re.compile(r" - at `\$(.*)`$")
_PATH_PART = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")
_ARRAY_TABLE = re.compile(r"^\s*\[\[\s*([^\[\]]+?)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*=""")

PathPart = str | int


def read_metadata(path: Path, shown_as: str) -> AnswerMetadata | Problem:
    """Decode one metadata file, or say what is wrong with it and where.

    Args:
        path: The file to read.
        shown_as: The file's name as reports show it (relative to the content directory).
    """
    text = path.read_text(encoding="utf-8")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        return Problem(
            file=shown_as, line=int(found.group(1)) if found else 1, rule=Rule.TOML_SYNTAX, message=str(error)
        )
    try:
        return msgspec.convert(raw, type=AnswerMetadata)
    except msgspec.ValidationError as error:
        message = str(error)
        found = _ERROR_PATH.search(message)
        if message.startswith("Invalid enum value"):
            # The only enum in answer.toml is the review status: say what it may be.
            message += f" (allowed: {', '.join(status.value for status in ReviewStatus)})"
        line = line_of(text, _parse_error_path(found.group(1))) if found else 1
        return Problem(file=shown_as, line=line, rule=Rule.METADATA, message=message)


def _parse_error_path(path: str) -> list[PathPart]:
    """`.citations[2].number` → ["citations", 2, "number"]."""
    return [int(index) if index else key for key, index in _PATH_PART.findall(path)]


def _split_key(dotted: str) -> list[PathPart]:
    return [part.strip().strip("\"'") for part in re.split(r"\.(?=(?:[^\"']|\"[^\"]*\"|'[^']*')*$)", dotted)]


def line_of(text: str, target: list[PathPart]) -> int:
    """The line that defines `target`, or failing that the line of its nearest defined parent.

    msgspec reports where in the decoded document an error is, not where in the file; this walks the
    file's tables and keys to map one onto the other.
    """
    table: list[PathPart] = []
    array_counts: dict[tuple[PathPart, ...], int] = {}
    best_line, best_length = 1, 0
    for number, line in enumerate(text.splitlines(), start=1):
        if found := _ARRAY_TABLE.match(line):
            name = tuple(_split_key(found.group(1)))
            array_counts[name] = array_counts.get(name, -1) + 1
            table = [*name, array_counts[name]]
            defined = table
        elif found := _TABLE.match(line):
            table = _split_key(found.group(1))
            defined = table
        elif found := _KEY.match(line):
            defined = [*table, *_split_key(found.group(1))]
        else:
            continue
        length = _common_prefix_length(defined, target)
        if length == len(target):
            return number
        if length == len(defined) and length > best_length:
            best_line, best_length = number, length
    return best_line


def _common_prefix_length(left: list[PathPart], right: list[PathPart]) -> int:
    length = 0
    for a, b in zip(left, right, strict=False):
        if a != b:
            break
        length += 1
    return length
