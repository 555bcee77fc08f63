"""Reading an answer's `answer.toml` into `AnswerMetadata`, with every error pointing at a line."""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Iterator

import msgspec

from service.content.model import AnswerMetadata, Audience, ReviewStatus
from service.content.problems import Problem, Rule

__all__ = ["METADATA_FILE", "PathPart", "line_of", "read_metadata", "waivers_in"]

METADATA_FILE = "answer.toml"

_ERROR_PATH = re.compile(r" - at `\$(.*)`$")
_PATH_PART = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")
_ARRAY_TABLE = re.compile(r"^\s*\[\[\s*([^\[\]]+?)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*=""")

PathPart = str | int


def read_metadata(text: str, shown_as: str) -> AnswerMetadata | list[Problem]:
    """Decode one metadata file, or say what is wrong with it and where.

    Args:
        text: The file's contents.
        shown_as: The file's name as reports show it.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, message = _plain_toml_error(str(error), text)
        return [Problem(file=shown_as, line=line, rule=Rule.TOML_SYNTAX, message=message)]
    unknown = list(_unknown_fields(raw, _metadata_type(), [], text, shown_as))
    if unknown:
        return unknown
    try:
        return msgspec.convert(raw, type=AnswerMetadata)
    except msgspec.ValidationError as error:
        message = str(error)
        found = _ERROR_PATH.search(message)
        if message.startswith("Invalid enum value"):
            # answer.toml's enums are the review status and the audiences (of related entries, waivers and
            # questions): say what the one at fault may be.
            where = found.group(1) if found else ""
            allowed = ReviewStatus if where.endswith(".status") else Audience
            message += f" (allowed: {', '.join(value.value for value in allowed)})"
        line = line_of(text, _parse_error_path(found.group(1))) if found else 1
        return [Problem(file=shown_as, line=line, rule=Rule.METADATA, message=message)]


_TOML_POSITION = re.compile(r"^(?P<what>.*) \((?:at line (?P<line>\d+), column (?P<column>\d+)|at end of document)\)$")
_PLAIN_TOML = (
    ("Expected '=' after a key", "a `=` is missing between the key and its value (`key = value`)"),
    ("Unterminated string", "a quoted text is not closed: end it with the same quote it starts with"),
    ("Invalid value", 'the value is not valid: text needs quotes (`"…"`), dates are written `2026-04-09`'),
    ("Invalid date or datetime", "the date is not valid: write it as year-month-day, `2026-04-09`"),
    ("Expected ']' at the end of a table declaration", "a table name is not closed: write `[name]`"),
    ("Expected ']]' at the end of an array declaration", "a table name is not closed: write `[[name]]`"),
    ("Expected newline or end of document", "there is more on this line after the value: one `key = value` per line"),
    ("Cannot overwrite a value", "this key is already defined above: define each key once"),
    ("Cannot declare", "this table is already defined above: define each table once"),
    ("Unclosed array", "a list is not closed: end it with `]`"),
    ("Unclosed inline table", "an inline table is not closed: end it with `}`"),
    ("Invalid statement", "this line is neither `key = value` nor a `[table]`"),
    ("Invalid initial character for a key part", "a key starts with a character keys cannot have"),
)


def waivers_in(text: str) -> frozenset[tuple[str, Audience, str]]:
    """(claim, audience, locale) of the waivers an `answer.toml` declares; none when it does not read."""
    if "waivers" not in text:  # most answers have none: no need to read them again
        return frozenset()
    read = read_metadata(text, METADATA_FILE)
    if not isinstance(read, AnswerMetadata):
        return frozenset()
    return frozenset((waiver.claim, waiver.audience, waiver.locale) for waiver in read.waivers)


def _plain_toml_error(error: str, text: str) -> tuple[int, str]:
    """(line, message) for a TOML syntax error, in words an author can act on, with the parser's own words after."""
    found = _TOML_POSITION.match(error)
    if found is None:
        return 1, error
    what = found.group("what")
    lines = text.splitlines()
    line = int(found.group("line")) if found.group("line") else max(len(lines), 1)
    column = int(found.group("column")) if found.group("column") else None
    plain = next((words for prefix, words in _PLAIN_TOML if what.startswith(prefix)), None)
    if what == "Unclosed array":
        # The parser notices at the next table; the list that is not closed starts further up.
        line = _unclosed_list_line(lines, line)
        column = None
    if what == "Illegal character '\\n'" and line <= len(lines) and lines[line - 1].count('"') % 2 == 1:
        plain = 'a quoted text is not closed before the end of the line: end it with `"`'
    where = f"line {line}, column {column}" if column is not None else f"line {line}"
    return line, f"{plain or what} (at {where}; the TOML parser says: {what})"


def _unclosed_list_line(lines: list[str], noticed: int) -> int:
    """The last line before `noticed` that opens more `[` after its `=` than it closes."""
    for number in range(min(noticed, len(lines)), 0, -1):
        _, equals, value = lines[number - 1].partition("=")
        if equals and value.count("[") > value.count("]"):
            return number
    return noticed


@functools.cache
def _metadata_type() -> msgspec.inspect.Type:
    """The shape of `answer.toml`, inspected once (inspecting is slow: tens of thousands of answers ask)."""
    return msgspec.inspect.type_info(AnswerMetadata)


def _unknown_fields(
    value: object, info: msgspec.inspect.Type, path: list[PathPart], text: str, shown_as: str
) -> Iterator[Problem]:
    """A finding, at its own line, for every key the metadata does not define, with a suggestion when one is close."""
    if isinstance(info, msgspec.inspect.StructType) and isinstance(value, dict):
        fields = {field.encode_name: field.type for field in info.fields}
        for key, item in value.items():
            if key in fields:
                yield from _unknown_fields(item, _unwrapped(fields[key]), [*path, key], text, shown_as)
                continue
            allowed = ", ".join(f"`{name}`" for name in fields)
            close = difflib.get_close_matches(key, list(fields), n=1)
            hint = f" Did you mean `{close[0]}`?" if close else ""
            where = f" in `{_dotted(path)}`" if path else ""
            message = f"unknown field `{key}`{where}.{hint} Allowed: {allowed}."
            yield Problem(file=shown_as, line=line_of(text, [*path, key]), rule=Rule.METADATA, message=message)
    elif isinstance(info, msgspec.inspect.VarTupleType | msgspec.inspect.ListType) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unknown_fields(item, _unwrapped(info.item_type), [*path, index], text, shown_as)


def _unwrapped(info: msgspec.inspect.Type) -> msgspec.inspect.Type:
    """The type inside constraints and `| None`."""
    if isinstance(info, msgspec.inspect.UnionType):
        rest = [member for member in info.types if not isinstance(member, msgspec.inspect.NoneType)]
        return rest[0] if len(rest) == 1 else info
    return info


def _dotted(path: list[PathPart]) -> str:
    return "".join(
        f"[{part}]" if isinstance(part, int) else (f".{part}" if index else part) for index, part in enumerate(path)
    )


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
