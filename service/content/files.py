"""An answer's files as text: from a content folder (`read_answer_files`), or from the store's revisions.

Layout (see the README's "Writing content"):

    DIR/<slug>/answer.toml
    DIR/<slug>/<locale>/<audience>.md       e.g. DIR/palliative-neuroblastoma/es/family.md

Reading only reads: anything in a folder that is not part of an answer is a finding, and nothing is
parsed yet (`service.content.loader` builds the answer from the text).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import msgspec

from service.content.locale_tags import canonical_tag
from service.content.metadata import METADATA_FILE
from service.content.model import Audience, Change, ReviewStatus, TextReview
from service.content.problems import Problem, Rule
from service.structs import Record

__all__ = ["AnswerFiles", "Paths", "answer_folders", "read_answer_files", "stray_file"]


class Paths:
    """How findings name files: relative to the working directory when under it, else absolute.

    So `file:line` opens in an editor from where the command ran. String concatenation rather than
    `Path.relative_to` per file: this runs once per file of catalogs with tens of thousands of files.
    """

    def __init__(self, root: Path) -> None:
        """Name files below `root`."""
        resolved = root.resolve()
        try:
            shown = str(resolved.relative_to(Path.cwd().resolve()))
        except ValueError:
            shown = str(resolved)
        self.root = root
        self._prefix = "" if shown == "." else shown + os.sep

    def shown(self, path: Path) -> str:
        """The name of `path` (which is below the root) in findings."""
        return self._prefix + str(path)[len(str(self.root)) :].lstrip(os.sep)


def answer_folders(directory: Path) -> tuple[list[Path], list[Path]]:
    """The answer folders of a content directory, and the other entries (stray files), hidden ones skipped."""
    entries = [entry for entry in sorted(directory.iterdir()) if not entry.name.startswith(".")]
    return [entry for entry in entries if entry.is_dir()], [entry for entry in entries if not entry.is_dir()]


def stray_file(paths: Paths, entry: Path) -> Problem:
    """A file where only answer folders belong."""
    return _unknown_file(paths, entry, "expected only answer folders here")


class AnswerFiles(Record):
    """One answer's files as text, wherever they are kept: a folder, or the store's latest revisions."""

    slug: str
    shown: str
    """How findings name the answer's folder (`variants/<slug>`); its files are named below it."""
    metadata_text: str | None
    """`answer.toml`, or None when there is none."""
    texts: Mapping[tuple[str, Audience], str]
    """Markdown by (locale, audience)."""
    metadata_status: ReviewStatus | None = None
    """The store's review of the metadata itself; None: `answer.toml`'s."""
    problems: tuple[Problem, ...] = ()
    """What reading found (files that are not part of an answer)."""
    reviews: Mapping[tuple[str, Audience], TextReview] = msgspec.field(default_factory=dict)
    """The store's review of each text; a text not named here has `answer.toml`'s."""
    changes: tuple[Change, ...] = ()
    """Approved revisions of the texts, newest first."""
    written_on: Mapping[tuple[str, Audience], datetime.date] = msgspec.field(default_factory=dict)
    """When each revision readers get was written by an editor (the store knows this; an imported text, like a
    file, is as old as `answer.toml`'s `last_updated`)."""
    approved_waivers: frozenset[tuple[str, Audience, str]] | None = None
    """(claim, audience, locale) of the waivers of the newest approved metadata revision (the store knows
    this); None: the metadata's own review decides (`answer.toml` approved, its waivers are)."""
    behind: frozenset[tuple[str, Audience]] = frozenset()
    """Texts written against an older revision of their source than the one beside them (the store knows
    this; files do not): what they miss of a claim is theirs to catch up on, a warning rather than an error."""


def read_answer_files(paths: Paths, folder: Path) -> AnswerFiles:
    """Read an answer folder; anything that is not `answer.toml` or `<locale>/<audience>.md` is a finding."""
    metadata_path = folder / METADATA_FILE
    problems: list[Problem] = []
    texts: dict[tuple[str, Audience], str] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name == METADATA_FILE:
            continue
        locale = _locale_folder(entry)
        if locale is None:
            problems.append(
                _unknown_file(paths, entry, "expected answer.toml and locale folders such as `en/`, `es-MX/`")
            )
            continue
        for file in sorted(entry.iterdir()):
            if file.name.startswith("."):
                continue
            audience = _audience_file(file)
            if audience is None:
                allowed = ", ".join(f"{known}.md" for known in Audience)
                problems.append(_unknown_file(paths, file, f"expected one file per audience: {allowed}"))
                continue
            texts[locale, audience] = file.read_bytes().decode("utf-8")
    return AnswerFiles(
        slug=folder.name,
        shown=paths.shown(folder),
        metadata_text=metadata_path.read_text(encoding="utf-8") if metadata_path.is_file() else None,
        texts=MappingProxyType(texts),
        problems=tuple(problems),
    )


def _locale_folder(entry: Path) -> str | None:
    if not entry.is_dir():
        return None
    return entry.name if canonical_tag(entry.name) == entry.name else None


def _audience_file(file: Path) -> Audience | None:
    if file.suffix != ".md" or not file.is_file():
        return None
    try:
        return Audience(file.stem)
    except ValueError:
        return None


def _unknown_file(paths: Paths, entry: Path, expected: str) -> Problem:
    return Problem(
        file=paths.shown(entry), line=1, rule=Rule.UNKNOWN_FILE, message=f"unexpected `{entry.name}`: {expected}"
    )
