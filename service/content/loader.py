"""Building a `Catalog` from a content directory in one pass, with a `Problem` for everything wrong in it.

Layout (see the README's "Writing content"):

    DIR/<slug>/answer.toml
    DIR/<slug>/<locale>/<audience>.md       e.g. DIR/palliative-neuroblastoma/es/family.md

This module checks structure: files, metadata, section ids, citation numbers and completeness. The rules
about what the texts say (numbers, reading level) are in `service.content.rules`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import MappingProxyType

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
    Variant,
)
from service.content.problems import Problem, Rule, Severity
from service.content.variant_file import split_sections
from service.structs import Record


class LoadResult(Record):
    """A catalog of every answer that could be read, and what is wrong with the directory."""

    catalog: Catalog
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when nothing found is an error (warnings allowed)."""
        return not any(problem.severity is Severity.ERROR for problem in self.problems)


def load_catalog(directory: Path) -> LoadResult:
    """Read every answer folder under `directory`."""
    if not directory.is_dir():
        problem = Problem(file=str(directory), line=1, rule=Rule.UNKNOWN_FILE, message="not a directory")
        return LoadResult(catalog=Catalog.empty(), problems=(problem,))
    answers: dict[str, Answer] = {}
    problems: list[Problem] = []
    entries = [entry for entry in sorted(directory.iterdir()) if not entry.name.startswith(".")]
    slugs = frozenset(entry.name for entry in entries if entry.is_dir())
    for entry in entries:
        if not entry.is_dir():
            problems.append(_unknown_file(directory, entry, "expected only answer folders here"))
            continue
        answer = _load_answer(directory, entry, slugs, problems)
        if answer is not None:
            answers[answer.slug] = answer
    return LoadResult(catalog=Catalog.of(answers), problems=tuple(problems))


def _load_answer(root: Path, folder: Path, slugs: frozenset[str], problems: list[Problem]) -> Answer | None:
    metadata_path = folder / METADATA_FILE
    metadata_name = _shown(root, metadata_path)
    if not metadata_path.is_file():
        problems.append(
            Problem(
                file=metadata_name, line=1, rule=Rule.METADATA, message=f"every answer folder needs {METADATA_FILE}"
            )
        )
        return None
    metadata = read_metadata(metadata_path, metadata_name)
    if isinstance(metadata, Problem):
        problems.append(metadata)
        return None
    metadata_text = metadata_path.read_text(encoding="utf-8")
    if metadata.slug != folder.name:
        message = f"slug `{metadata.slug}` differs from its folder name `{folder.name}`"
        problems.append(
            Problem(file=metadata_name, line=line_of(metadata_text, ["slug"]), rule=Rule.SLUG_MISMATCH, message=message)
        )
    problems.extend(_metadata_problems(metadata, metadata_name, metadata_text, slugs))

    digest = hashlib.sha256(metadata_path.read_bytes())
    variants: dict[tuple[str, Audience], Variant] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry == metadata_path:
            continue
        locale = _locale_folder(entry)
        if locale is None:
            problems.append(
                _unknown_file(root, entry, "expected answer.toml and locale folders such as `en/`, `es-MX/`")
            )
            continue
        for file in sorted(entry.iterdir()):
            if file.name.startswith("."):
                continue
            audience = _audience_file(file)
            if audience is None:
                allowed = ", ".join(f"{known}.md" for known in Audience)
                problems.append(_unknown_file(root, file, f"expected one file per audience: {allowed}"))
                continue
            content = file.read_bytes()
            digest.update(_shown(root, file).encode() + b"\0" + content)
            variants[locale, audience] = _load_variant(
                root, file=file, content=content, locale=locale, audience=audience, metadata=metadata, problems=problems
            )
    problems.extend(_completeness_problems(root, folder, metadata, variants))
    problems.extend(_citation_problems(metadata, metadata_name, metadata_text, variants))
    return Answer(
        metadata=metadata,
        variants=MappingProxyType(variants),
        revision=digest.hexdigest()[:16],
        metadata_file=metadata_name,
    )


def _load_variant(
    root: Path,
    *,
    file: Path,
    content: bytes,
    locale: str,
    audience: Audience,
    metadata: AnswerMetadata,
    problems: list[Problem],
) -> Variant:
    shown = _shown(root, file)
    sections, found = split_sections(content.decode("utf-8"), shown)
    problems.extend(found)
    known = {*metadata.sections, DISCLAIMER_SECTION}
    for section in sections:
        if section.id not in known:
            listed = ", ".join(metadata.sections)
            message = f"section `{section.id}` is not in answer.toml's `sections` ({listed}) nor `{DISCLAIMER_SECTION}`"
            problems.append(Problem(file=shown, line=section.location.line, rule=Rule.UNKNOWN_SECTION, message=message))
    by_id = {section.id: section for section in sections if section.id in known}
    return Variant(audience=audience, locale=locale, file=shown, sections=MappingProxyType(by_id))


def _completeness_problems(
    root: Path, folder: Path, metadata: AnswerMetadata, variants: dict[tuple[str, Audience], Variant]
) -> list[Problem]:
    """Every section for every audience in the default locale (errors); other locales may fall back (warnings)."""
    problems: list[Problem] = []
    expected = (*metadata.sections, DISCLAIMER_SECTION)
    for audience in Audience:
        if (DEFAULT_LOCALE, audience) not in variants:
            path = _shown(root, folder / DEFAULT_LOCALE / f"{audience}.md")
            message = f"no {audience} text in the default locale `{DEFAULT_LOCALE}`: every audience needs one"
            problems.append(Problem(file=path, line=1, rule=Rule.MISSING_VARIANT, message=message))
    for locale in sorted({locale for locale, _ in variants} - {DEFAULT_LOCALE}):
        for audience in Audience:
            if (locale, audience) not in variants:
                path = _shown(root, folder / locale / f"{audience.value}.md")
                message = f"no {audience} text in `{locale}`: readers will get it through the fallback chain"
                problems.append(
                    Problem(file=path, line=1, rule=Rule.LOCALE_INCOMPLETE, message=message, severity=Severity.WARNING)
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
                file=_shown(root, folder / METADATA_FILE),
                line=1,
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
    seen_sections: set[str] = set()
    for index, section_id in enumerate(metadata.sections):
        if section_id in seen_sections or section_id == DISCLAIMER_SECTION:
            why = "is listed twice" if section_id in seen_sections else "is reserved and must not be listed"
            message = f"section `{section_id}` {why} in `sections`"
            problems.append(
                Problem(
                    file=shown, line=line_of(text, ["sections", index]), rule=Rule.DUPLICATE_SECTION, message=message
                )
            )
        seen_sections.add(section_id)
    seen_numbers: set[int] = set()
    for index, citation in enumerate(metadata.citations):
        if citation.number in seen_numbers:
            message = f"citation number {citation.number} is defined twice"
            problems.append(
                Problem(
                    file=shown, line=line_of(text, ["citations", index]), rule=Rule.DUPLICATE_CITATION, message=message
                )
            )
        seen_numbers.add(citation.number)
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


def _unknown_file(root: Path, entry: Path, expected: str) -> Problem:
    return Problem(
        file=_shown(root, entry), line=1, rule=Rule.UNKNOWN_FILE, message=f"unexpected `{entry.name}`: {expected}"
    )


def _shown(root: Path, path: Path) -> str:
    """Paths in reports are relative to the content directory's parent, e.g. `variants/x/en/family.md`.

    String slicing rather than `Path.relative_to`: every path here is built below `root`, and this
    runs once per file of catalogs with tens of thousands of files.
    """
    base = str(root.parent)
    full = str(path)
    if base == ".":
        return full
    return full[len(base) :].lstrip("/")
