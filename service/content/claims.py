"""Claim markers: how a text says which of its sentences are claims, and which claims a sentence carries.

A marker ends the sentence (or list item, or table cell) it belongs to and renders to nothing:

    Give topotecan 1.5 mg/m² daily for 5 days [1]. {claim=tvd-dose kind=dose}
    Treat fever as an emergency. {claim=fever-emergency kind=red-flag source=practice}
    A fever is an emergency: call the team. {carries=fever-emergency}

The English clinician text states claims (`claim=`, with a `kind` and, unless the sentence cites its
source, a `source`: citation numbers or `practice`); every other text carries them by id (`carries=`,
one id or several separated by commas). This module reads markers and the statements they end; what
the rules require of them is `service.content.claim_rules`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from service.content.model import SLUG_PATTERN
from service.structs import Record

__all__ = [
    "MARKER",
    "PRACTICE",
    "ClaimKind",
    "Marker",
    "markers_in",
    "strip_markers",
    "without_markers",
]

PRACTICE = "practice"
"""The source of a claim that comes from general clinical practice, not from the answer's cited sources."""


class ClaimKind(StrEnum):
    """What a claim is: the kinds the nurse and family texts must carry are named in `claim_rules`."""

    DOSE = "dose"
    RED_FLAG = "red-flag"
    """When to act or call."""
    CONTRAINDICATION = "contraindication"
    PROGNOSIS = "prognosis"
    KEY_FACT = "key-fact"


MARKER = re.compile(r"\{[ \t]*(?P<verb>claim|claims|carries|carry|carried)\b(?P<body>[^{}\n]*)\}")
"""Anything that looks like a marker (misspelled verbs included, so that they are reported, not shown)."""
_MARKER_AND_SPACE = re.compile(r"[ \t]*" + MARKER.pattern)
_ATTRIBUTE = re.compile(r"(?P<name>[a-z-]+)=(?P<value>[^\s=]+)")
_ID = re.compile(SLUG_PATTERN)
_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)(?<!\bvs)[.!?…][\"”’)\]]*\s+")
_BLOCK_START = re.compile(r"\n[ \t]*(?=\n)|\n[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+|\n[ \t]*#{1,6}[^\n]*|\|")
"""Where a block (paragraph, list item, heading, table cell) starts, in a text that begins with a line break."""


class Marker(Record):
    """One marker as written, and the statement it ends."""

    verb: Literal["claim", "carries"]
    ids: tuple[str, ...]
    kind: str | None
    """As written (`claim=` markers only); None when absent."""
    source: str | None
    """As written (`practice`, or citation numbers such as `1,4`); None when absent."""
    start: int
    """Offset of the marker in the text."""
    end: int
    statement_start: int
    """Offset where the statement the marker ends starts: after the previous sentence, marker or block start."""
    error: str | None = None
    """What is wrong with the marker as written; None when it reads."""

    def statement(self, text: str) -> str:
        """The words of the statement this marker ends, as written in `text`."""
        return text[self.statement_start : self.start].strip()


def markers_in(text: str) -> list[Marker]:
    """Every marker of `text` (a section body) in order, with the statement each one ends."""
    found: list[Marker] = []
    previous_end = 0
    for match in MARKER.finditer(text):
        start = _statement_start(text, previous_end, match.start())
        found.append(_marker(match, start))
        previous_end = match.end()
    return found


def _statement_start(text: str, floor: int, marker: int) -> int:
    """Where the statement ending at `marker` starts: after the last sentence end, block start or marker."""
    before = text[floor:marker].rstrip()
    # The statement's own final punctuation is not the end of a previous sentence.
    body = before.rstrip('.!?…"”’)]') if before else before
    start = floor
    for match in _SENTENCE_END.finditer(body):
        start = max(start, floor + match.end())
    for match in _BLOCK_START.finditer("\n" + body):  # so that a list item on the text's first line counts
        start = max(start, floor + match.end() - 1)
    return start


def _marker(match: re.Match[str], statement_start: int) -> Marker:
    verb = match.group("verb")
    start, end = match.start(), match.end()
    read = _attributes(verb, match.group("body"))
    if isinstance(read, str):
        return _broken(start, end, statement_start, read)
    ids = tuple(read[verb].split(","))
    error = _ids_error(verb, ids)
    if error is not None:
        return _broken(start, end, statement_start, error)
    return Marker(
        verb="claim" if verb == "claim" else "carries",
        ids=ids,
        kind=read.get("kind"),
        source=read.get("source"),
        start=start,
        end=end,
        statement_start=statement_start,
    )


def _attributes(verb: str, body: str) -> dict[str, str] | str:
    """A marker's `name=value` attributes, or what keeps them from reading."""
    if verb not in {"claim", "carries"}:
        return f"`{verb}` is not a marker: write `{{claim=…}}` or `{{carries=…}}`"
    if not body.startswith("="):
        return f"write `{{{verb}=id …}}`: the marker names its id after `=`"
    attributes: dict[str, str] = {}
    for part in f"{verb}{body}".split():
        attribute = _ATTRIBUTE.fullmatch(part)
        if attribute is None or attribute.group("name") in attributes:
            return f"`{part}` is not `name=value` (or is repeated)"
        attributes[attribute.group("name")] = attribute.group("value")
    allowed = {"claim", "kind", "source"} if verb == "claim" else {"carries"}
    unknown = sorted(set(attributes) - allowed)
    if unknown:
        listed = ", ".join(f"`{name}`" for name in sorted(allowed))
        return f"`{unknown[0]}` is not part of a `{verb}` marker ({listed})"
    return attributes


def _ids_error(verb: str, ids: tuple[str, ...]) -> str | None:
    bad = next((claim_id for claim_id in ids if not _ID.match(claim_id)), None)
    if bad is not None:
        return f"claim id `{bad}` must be lowercase letters, digits and single hyphens"
    if verb == "claim" and len(ids) != 1:
        return "a `claim` marker states one claim; mark each sentence on its own"
    return None


def _broken(start: int, end: int, statement_start: int, error: str) -> Marker:
    return Marker(
        verb="carries",
        ids=(),
        kind=None,
        source=None,
        start=start,
        end=end,
        statement_start=statement_start,
        error=error,
    )


def without_markers(text: str) -> str:
    """`text` with every marker blanked out, offsets and line numbers kept (for the figure and citation scans)."""
    return MARKER.sub(lambda match: " " * len(match.group(0)), text)


def strip_markers(text: str) -> str:
    """`text` without its markers (for readers' text: readability, search)."""
    return _MARKER_AND_SPACE.sub("", text)
