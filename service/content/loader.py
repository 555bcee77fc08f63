"""Reading a content directory into answers, one folder at a time, with a `Problem` for everything wrong.

Layout (see the README's "Writing content"):

    DIR/<slug>/answer.toml
    DIR/<slug>/<locale>/<audience>.md       e.g. DIR/palliative-neuroblastoma/es/family.md

This module checks structure: files, metadata, section ids, citation numbers and completeness. The rules
about what the texts say (figures, citations, reading level) are in `service.content.rules`; the gate
that puts both together and decides what may be served is `service.content.gate`.

Each answer folder is loaded on its own (`load_answer`), so one broken answer never hides the findings
of another, and a broken `answer.toml` never hides the findings of its texts.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

import msgspec
from babel import Locale, UnknownLocaleError

from service.content.catalog import Catalog
from service.content.citation_refs import citations_by_line
from service.content.metadata import METADATA_FILE, line_of, read_metadata
from service.content.model import (
    DEFAULT_LOCALE,
    DISCLAIMER_SECTION,
    Answer,
    AnswerMetadata,
    Audience,
    Change,
    Review,
    ReviewStatus,
    TextReview,
    Variant,
)
from service.content.problems import Problem, Rule, Severity
from service.content.variant_file import split_sections
from service.structs import Record

__all__ = [
    "AnswerFiles",
    "AnswerLoad",
    "LoadResult",
    "Paths",
    "answer_folders",
    "build_answer",
    "load_answer",
    "load_catalog",
    "read_answer_files",
    "stray_file",
]


_encoder = msgspec.msgpack.Encoder()


class AnswerLoad(Record):
    """One answer folder: the answer (None when it cannot be built at all) and its structural findings.

    When `answer.toml` cannot be read, `answer` is a stand-in built from the texts alone, so that the
    rules still check them; `metadata_ok` is then False and the answer is never served.
    """

    slug: str
    answer: Answer | None
    problems: tuple[Problem, ...]
    metadata_ok: bool = True

    @property
    def ok(self) -> bool:
        """True when nothing found is an error."""
        return self.answer is not None and not any(problem.severity is Severity.ERROR for problem in self.problems)


class LoadResult(Record):
    """A catalog of every answer that could be read, and what is wrong with the directory."""

    catalog: Catalog
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when nothing found is an error (warnings allowed)."""
        return not any(problem.severity is Severity.ERROR for problem in self.problems)


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


def load_catalog(directory: Path) -> LoadResult:
    """Read every answer folder under `directory` (structure only; `service.content.gate` adds the rules)."""
    if not directory.is_dir():
        problem = Problem(file=str(directory), line=1, rule=Rule.UNKNOWN_FILE, message="not a directory")
        return LoadResult(catalog=Catalog.empty(), problems=(problem,))
    paths = Paths(directory)
    folders, stray = answer_folders(directory)
    slugs = frozenset(folder.name for folder in folders)
    problems = [stray_file(paths, entry) for entry in stray]
    answers: dict[str, Answer] = {}
    for folder in folders:
        loaded = load_answer(paths, folder, slugs)
        problems.extend(loaded.problems)
        if loaded.answer is not None and loaded.metadata_ok:
            answers[loaded.answer.slug] = loaded.answer
    return LoadResult(catalog=Catalog.of(answers), problems=tuple(problems))


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
    last_updated: datetime.date | None = None
    """When a revision readers get was last written, if later than `answer.toml`'s `last_updated`."""


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


def load_answer(paths: Paths, folder: Path, slugs: frozenset[str]) -> AnswerLoad:
    """Read one answer folder and build it; `slugs` are the answers that exist, for related links."""
    return build_answer(read_answer_files(paths, folder), slugs)


def build_answer(files: AnswerFiles, slugs: frozenset[str]) -> AnswerLoad:
    """Build one answer from its files' text, with every structural finding; `slugs` exist, for related links."""
    metadata_name = f"{files.shown}/{METADATA_FILE}"
    problems: list[Problem] = list(files.problems)
    metadata_text = files.metadata_text or ""
    metadata: AnswerMetadata | None = None
    # The store's review of the metadata, where it differs from answer.toml's (what merely repeats the file
    # is not part of the revision, so the same files keep their revision wherever they are kept).
    metadata_status: ReviewStatus | None = None
    if files.metadata_text is None:
        message = f"every answer folder needs {METADATA_FILE}"
        problems.append(Problem(file=metadata_name, line=1, rule=Rule.METADATA, message=message))
    else:
        read = read_metadata(metadata_text, metadata_name)
        if isinstance(read, AnswerMetadata):
            metadata = read
            if files.metadata_status is not None and files.metadata_status is not read.review.status:
                # The store reviews the metadata as it reviews a text: its state, not the file's, is shown.
                metadata_status = files.metadata_status
                metadata = msgspec.structs.replace(
                    read, review=msgspec.structs.replace(read.review, status=metadata_status)
                )
        else:
            problems.extend(read)

    # The digest names files relative to the answer folder: the same content has the same revision
    # wherever it is kept and wherever the command runs from.
    digest = hashlib.sha256(metadata_text.encode())
    ordered = sorted(files.texts.items())
    for (locale, audience), text in ordered:
        digest.update(f"{locale}/{audience.value}.md".encode() + b"\0" + text.encode())
    reviews = {key: _text_review(files.reviews.get(key), metadata) for key, _ in ordered}
    # What the store adds to the files is shown to readers too, so it is part of the revision (an
    # approval changes it); what merely repeats answer.toml is not, so the same files keep their revision.
    added = [
        (f"{locale}/{audience.value}", review)
        for (locale, audience), review in reviews.items()
        if review != _text_review(None, metadata)
    ]
    if added or files.changes or files.last_updated or metadata_status:
        digest.update(_encoder.encode((added, files.changes, files.last_updated, metadata_status)))
    known = (*metadata.sections, DISCLAIMER_SECTION) if metadata is not None else None
    variants = {
        (locale, audience): _load_variant(
            f"{files.shown}/{locale}/{audience.value}.md",
            text=text,
            locale=locale,
            audience=audience,
            known=known,
            review=reviews[locale, audience],
            problems=problems,
            revision=_variant_revision(
                text,
                reviews[locale, audience],
                [change for change in files.changes if (change.locale, change.audience) == (locale, audience)],
            ),
        )
        for (locale, audience), text in ordered
    }
    metadata_ok = metadata is not None
    if metadata is None:
        metadata = _stand_in(files.slug, variants)
    else:
        if files.last_updated is not None and files.last_updated > metadata.last_updated:
            metadata = msgspec.structs.replace(metadata, last_updated=files.last_updated)
        if metadata.slug != files.slug:
            message = f"slug `{metadata.slug}` differs from its folder name `{files.slug}`"
            line = line_of(metadata_text, ["slug"])
            problems.append(Problem(file=metadata_name, line=line, rule=Rule.SLUG_MISMATCH, message=message))
        problems.extend(_metadata_problems(metadata, metadata_name, metadata_text, slugs))
        problems.extend(_completeness_problems(metadata, metadata_name, metadata_text, variants))
        problems.extend(_citation_problems(metadata, metadata_name, metadata_text, variants))
    answer = Answer(
        metadata=metadata,
        variants=MappingProxyType(variants),
        revision=digest.hexdigest()[:16],
        metadata_file=metadata_name,
        related_lines=tuple(line_of(metadata_text, ["related", index]) for index in range(len(metadata.related))),
        changes=files.changes,
        metadata_revision=hashlib.blake2b(
            _encoder.encode((metadata_text, files.last_updated, metadata_status)), digest_size=8
        ).hexdigest(),
    )
    return AnswerLoad(slug=files.slug, answer=answer, problems=tuple(problems), metadata_ok=metadata_ok)


def _text_review(stored: TextReview | None, metadata: AnswerMetadata | None) -> TextReview:
    """The store's review of a text, else `answer.toml`'s; an approval's date comes from `answer.toml` if unknown."""
    if metadata is None:
        return stored or TextReview(status=ReviewStatus.SUBMITTED)
    if stored is None:
        return TextReview(status=metadata.review.status, reviewed_on=metadata.review.reviewed_on)
    if stored.status is ReviewStatus.APPROVED and stored.reviewed_on is None:
        return msgspec.structs.replace(stored, reviewed_on=metadata.review.reviewed_on)
    return stored


def _stand_in(slug: str, variants: dict[tuple[str, Audience], Variant]) -> AnswerMetadata:
    """Metadata for an answer whose `answer.toml` cannot be read: enough to check its texts, never served."""
    sections = tuple(
        dict.fromkeys(
            section_id
            for variant in variants.values()
            for section_id in variant.sections
            if section_id != DISCLAIMER_SECTION
        )
    )
    return AnswerMetadata(
        slug=slug,
        question={},
        review=Review(status=ReviewStatus.SUBMITTED),
        last_updated=datetime.date.min,
        sections=sections or ("unknown",),
    )


def _load_variant(
    shown: str,
    *,
    text: str,
    locale: str,
    audience: Audience,
    known: tuple[str, ...] | None,
    review: TextReview,
    problems: list[Problem],
    revision: str,
) -> Variant:
    sections, found = split_sections(text, shown)
    problems.extend(found)
    if known is not None:
        for section in sections:
            if section.id not in known:
                listed = ", ".join(known[:-1])
                message = (
                    f"section `{section.id}` is not in answer.toml's `sections` ({listed}) nor `{DISCLAIMER_SECTION}`"
                )
                problems.append(
                    Problem(file=shown, line=section.location.line, rule=Rule.UNKNOWN_SECTION, message=message)
                )
    by_id = {section.id: section for section in sections if known is None or section.id in known}
    return Variant(
        audience=audience,
        locale=locale,
        file=shown,
        sections=MappingProxyType(by_id),
        review=review,
        revision=revision,
    )


def _variant_revision(text: str, review: TextReview, changes: list[Change]) -> str:
    return hashlib.blake2b(_encoder.encode((text, review, changes)), digest_size=8).hexdigest()


def _locale_line(text: str, locale: str) -> int:
    """The line of answer.toml that declares `locale` (its question), else the `[question]` table's."""
    return line_of(text, ["question", locale])


def _completeness_problems(
    metadata: AnswerMetadata, shown: str, text: str, variants: dict[tuple[str, Audience], Variant]
) -> list[Problem]:
    """Every section for every audience in the default locale (errors); other locales may fall back (warnings).

    A missing text is reported where the locale is declared, naming the file that is missing.
    """
    problems: list[Problem] = []
    expected = (*metadata.sections, DISCLAIMER_SECTION)
    for audience in Audience:
        if (DEFAULT_LOCALE, audience) not in variants:
            message = (
                f"`{DEFAULT_LOCALE}/{audience}.md` is missing: every audience needs a text "
                f"in the default locale `{DEFAULT_LOCALE}`"
            )
            problems.append(
                Problem(file=shown, line=_locale_line(text, DEFAULT_LOCALE), rule=Rule.MISSING_VARIANT, message=message)
            )
    for locale in sorted({locale for locale, _ in variants} - {DEFAULT_LOCALE}):
        for audience in Audience:
            if (locale, audience) not in variants:
                message = f"`{locale}/{audience}.md` is missing: readers will get it through the fallback chain"
                problems.append(
                    Problem(
                        file=shown,
                        line=_locale_line(text, locale),
                        rule=Rule.LOCALE_INCOMPLETE,
                        message=message,
                        severity=Severity.WARNING,
                    )
                )
    for (locale, _), variant in variants.items():
        missing = [section_id for section_id in expected if section_id not in variant.sections]
        if not missing:
            continue
        listed = ", ".join(f"`{section_id}`" for section_id in missing)
        if locale == DEFAULT_LOCALE:
            message = f"missing section(s) {listed}: the default locale needs every section for every audience"
            problems.append(Problem(file=variant.file, line=1, rule=Rule.MISSING_SECTION, message=message))
        else:
            message = f"missing section(s) {listed}: readers will get them through the fallback chain"
            problems.append(
                Problem(
                    file=variant.file, line=1, rule=Rule.LOCALE_INCOMPLETE, message=message, severity=Severity.WARNING
                )
            )
    for locale in sorted({locale for locale, _ in variants} - set(metadata.question) - {DEFAULT_LOCALE}):
        message = f"no question in `{locale}` although texts exist in it: the `{DEFAULT_LOCALE}` one will be shown"
        problems.append(
            Problem(
                file=shown,
                line=line_of(text, ["question"]),
                rule=Rule.LOCALE_INCOMPLETE,
                message=message,
                severity=Severity.WARNING,
            )
        )
    return problems


def _citation_problems(
    metadata: AnswerMetadata, shown: str, text: str, variants: dict[tuple[str, Audience], Variant]
) -> list[Problem]:
    """Every number cited is defined in answer.toml, and every one defined is cited somewhere."""
    problems: list[Problem] = []
    defined = {citation.number for citation in metadata.citations}
    used: set[int] = set()
    for variant in variants.values():
        for section in variant.sections.values():
            for line_index, number in citations_by_line(section.body):
                used.add(number)
                if number not in defined:
                    listed = ", ".join(str(number) for number in sorted(defined)) or "none"
                    message = f"citation [{number}] is not defined in answer.toml (defined: {listed})"
                    line = section.body_line + line_index
                    problems.append(
                        Problem(file=variant.file, line=line, rule=Rule.UNDEFINED_CITATION, message=message)
                    )
    for index, citation in enumerate(metadata.citations):
        if citation.number not in used:
            message = f"citation {citation.number} is defined but no text cites it"
            problems.append(
                Problem(
                    file=shown, line=line_of(text, ["citations", index]), rule=Rule.UNUSED_CITATION, message=message
                )
            )
    return problems


def _metadata_problems(metadata: AnswerMetadata, shown: str, text: str, slugs: frozenset[str]) -> list[Problem]:
    """What msgspec's types cannot say: a question in the default locale, no repeats, related answers exist."""
    problems: list[Problem] = []
    if DEFAULT_LOCALE not in metadata.question:
        message = f"the question needs a text in the default locale `{DEFAULT_LOCALE}`"
        problems.append(
            Problem(file=shown, line=line_of(text, ["question"]), rule=Rule.MISSING_QUESTION, message=message)
        )
    for locale in metadata.question:
        if _normal_locale(locale) != locale:
            message = f"`{locale}` is not a locale tag such as `en`, `es` or `es-MX`"
            problems.append(
                Problem(file=shown, line=line_of(text, ["question", locale]), rule=Rule.METADATA, message=message)
            )
    problems.extend(_repeats(metadata, shown, text))
    for index, related in enumerate(metadata.related):
        if related.slug is not None and related.slug not in slugs:
            message = f"related answer `{related.slug}` does not exist; name it by `question` until it is written"
            problems.append(
                Problem(
                    file=shown,
                    line=line_of(text, ["related", index, "slug"]),
                    rule=Rule.UNKNOWN_RELATED,
                    message=message,
                )
            )
    return problems


def _repeats(metadata: AnswerMetadata, shown: str, text: str) -> Iterable[Problem]:
    seen_sections: set[str] = set()
    for index, section_id in enumerate(metadata.sections):
        if section_id in seen_sections or section_id == DISCLAIMER_SECTION:
            why = "is listed twice" if section_id in seen_sections else "is reserved and must not be listed"
            yield Problem(
                file=shown,
                line=line_of(text, ["sections", index]),
                rule=Rule.DUPLICATE_SECTION,
                message=f"section `{section_id}` {why} in `sections`",
            )
        seen_sections.add(section_id)
    seen_numbers: set[int] = set()
    for index, citation in enumerate(metadata.citations):
        if citation.number in seen_numbers:
            yield Problem(
                file=shown,
                line=line_of(text, ["citations", index]),
                rule=Rule.DUPLICATE_CITATION,
                message=f"citation number {citation.number} is defined twice",
            )
        seen_numbers.add(citation.number)


def _locale_folder(entry: Path) -> str | None:
    if not entry.is_dir():
        return None
    return entry.name if _normal_locale(entry.name) == entry.name else None


def _normal_locale(tag: str) -> str | None:
    """The canonical BCP 47 form of `tag` (`es-MX`), or None if Babel does not know it."""
    try:
        return str(Locale.parse(tag, sep="-")).replace("_", "-")
    except (ValueError, UnknownLocaleError):
        return None


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
