"""The gate: the one function that decides what content may reach readers.

`tailor check` prints what `check_content` finds; `tailor serve` (at start-up, on SIGHUP, on file
changes) serves what `gate` lets through. Both apply the same loader and the same rules with the
same targets, so nothing the check rejects is ever served.

The gate works per answer. An answer with an error is held back: its previous valid version, if
one is being served, goes on being served; a new answer with an error is not served at all. Valid
changes to every other answer go live. Warnings never hold anything back. A content directory that
cannot be read at all changes nothing: a mis-mounted volume must not unpublish the site.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from service.content.catalog import Catalog
from service.content.files import AnswerFiles, Paths, answer_folders, read_answer_files, stray_file
from service.content.loader import AnswerLoad, build_answer
from service.content.model import Answer
from service.content.problems import Problem, Rule, Severity, in_report_order
from service.content.readability import ReadingLevel
from service.content.rule_cache import RuleCache, RuleResults
from service.content.rules import ReadingRow, check_answer, related_question_problems
from service.content.targets import DEFAULT_TARGETS, ReadingTargets, load_targets
from service.structs import Record

__all__ = [
    "AnswerFindings",
    "CheckedContent",
    "ContentFiles",
    "Gate",
    "Gated",
    "HeldBack",
    "admit",
    "check_answers",
    "check_content",
    "checked_files",
    "gate",
    "read_content",
]


class AnswerFindings(Record):
    """Everything found in one answer folder, in report order."""

    slug: str
    problems: tuple[Problem, ...]
    rows: tuple[ReadingRow, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The findings that hold the answer back."""
        return tuple(problem for problem in self.problems if problem.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The findings that are reported and let the answer through."""
        return tuple(problem for problem in self.problems if problem.severity is Severity.WARNING)


class CheckedContent(Record):
    """A content directory after loading and every rule: the answers that could be built and the findings."""

    readable: bool
    """False when the directory cannot be read at all (then nothing else is known)."""
    general: tuple[Problem, ...]
    """Findings that belong to no answer (a stray file, a missing directory)."""
    findings: tuple[AnswerFindings, ...]
    """Per answer folder, in slug order."""
    answers: dict[str, Answer]
    """Every answer whose findings have no error, by slug."""

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every finding, in report order."""
        return in_report_order([*self.general, *(problem for found in self.findings for problem in found.problems)])

    @property
    def rows(self) -> tuple[ReadingRow, ...]:
        """Every section text's reading-level row, in catalog order."""
        return tuple(row for found in self.findings for row in found.rows)

    @property
    def ok(self) -> bool:
        """True when nothing found is an error."""
        return not any(problem.severity is Severity.ERROR for problem in self.problems)


class HeldBack(Record):
    """An answer the gate kept from readers."""

    slug: str
    findings: AnswerFindings
    serving: str | None
    """The revision of the previous version still served, or None when none is."""


class Gated(Record):
    """What the gate lets through, and what it held back."""

    catalog: Catalog | None
    """The catalog to serve; None when the directory could not be read and nothing was served before."""
    checked: CheckedContent
    held_back: tuple[HeldBack, ...]


def check_content(
    directory: Path, targets: ReadingTargets = DEFAULT_TARGETS, cache_dir: Path | None = None
) -> CheckedContent:
    """Load every answer of `directory` and apply every rule; rule results are reused from `cache_dir`."""
    return checked_files(read_content(directory), targets, cache_dir)


class ContentFiles(Record):
    """A content directory read once: every answer's files as text, and what is in it that is not an answer."""

    directory: Path
    readable: bool
    answers: tuple[AnswerFiles, ...]
    general: tuple[Problem, ...]


def read_content(directory: Path) -> ContentFiles:
    """Every file of a content directory, read once: what is checked is what a caller stores (`tailor import`)."""
    if not directory.is_dir():
        problem = Problem(file=str(directory), line=1, rule=Rule.UNKNOWN_FILE, message="not a directory")
        return ContentFiles(directory=directory, readable=False, answers=(), general=(problem,))
    paths = Paths(directory)
    folders, stray = answer_folders(directory)
    answers = tuple(read_answer_files(paths, folder) for folder in folders)
    return ContentFiles(
        directory=directory,
        readable=True,
        answers=answers,
        general=tuple(stray_file(paths, entry) for entry in stray),
    )


def checked_files(
    content: ContentFiles,
    targets: ReadingTargets = DEFAULT_TARGETS,
    cache_dir: Path | None = None,
    *,
    strict_claims: bool = False,
) -> CheckedContent:
    """Every rule on a content directory as `read_content` read it."""
    if not content.readable:
        return CheckedContent(readable=False, general=content.general, findings=(), answers={})
    return check_answers(
        list(content.answers),
        targets,
        cache_dir,
        cache_name=str(content.directory.resolve()),
        general=content.general,
        strict_claims=strict_claims,
    )


def check_answers(
    files: Sequence[AnswerFiles],
    targets: ReadingTargets = DEFAULT_TARGETS,
    cache_dir: Path | None = None,
    *,
    cache_name: str,
    general: tuple[Problem, ...] = (),
    other_slugs: frozenset[str] = frozenset(),
    partial: bool = False,
    cache: RuleCache | None = None,
    strict_claims: bool = False,
) -> CheckedContent:
    """Every rule on answers given as text, wherever they are kept; `cache_name` names their rule cache.

    `other_slugs`: answers that exist but are not checked here, which related entries may name.
    `partial`: these are some answers of `cache_name` only; the rule cache keeps the others' entries.
    `cache`: a rule cache the caller made (and will keep), instead of one read from `cache_dir`.
    `strict_claims`: an answer that marks no claims is refused (the cached finding is a warning; this
    makes it an error here, so one rule cache serves both).
    """
    slugs = frozenset(answer.slug for answer in files) | other_slugs
    loads = [build_answer(answer, slugs) for answer in files]
    cache = cache or RuleCache(cache_dir, cache_name, targets)
    results = {load.slug: _rule_results(load, targets, cache) for load in loads}
    cache.save(keep_others=partial)
    linking = related_question_problems([load.answer for load in loads if load.answer is not None and load.metadata_ok])
    findings = tuple(
        AnswerFindings(
            slug=load.slug,
            problems=in_report_order(
                _strict(problem, strict_claims)
                for problem in (*load.problems, *results[load.slug].problems, *linking.get(load.slug, ()))
            ),
            rows=results[load.slug].rows,
        )
        for load in loads
    )
    answers = {
        found.slug: with_reading_levels(load.answer, found.rows)
        for load, found in zip(loads, findings, strict=True)
        if load.answer is not None and load.metadata_ok and not found.errors
    }
    return CheckedContent(readable=True, general=general, findings=findings, answers=answers)


def _strict(problem: Problem, strict_claims: bool) -> Problem:
    """`claims-not-marked` as an error when claims are required everywhere."""
    if strict_claims and problem.rule is Rule.CLAIMS_NOT_MARKED:
        return msgspec.structs.replace(problem, severity=Severity.ERROR)
    return problem


def with_reading_levels(answer: Answer, rows: Sequence[ReadingRow]) -> Answer:
    """`answer` with each section text carrying the reading level the rules measured (or found in their cache).

    A page then shows the level without measuring it again: measuring is a function of the text, done
    once per text revision, here.
    """
    levels = {
        (row.locale, row.audience, row.section): (
            ReadingLevel(formula=row.formula, score=row.reading_level, smog=row.smog)
            if row.formula is not None and row.reading_level is not None
            else None
        )
        for row in rows
    }
    return msgspec.structs.replace(
        answer,
        variants={
            key: msgspec.structs.replace(
                variant,
                sections={
                    section_id: (
                        msgspec.structs.replace(text, reading_level=levels[key[0], key[1], section_id])
                        if (key[0], key[1], section_id) in levels
                        else text
                    )
                    for section_id, text in variant.sections.items()
                },
            )
            for key, variant in answer.variants.items()
        },
    )


def _rule_results(load: AnswerLoad, targets: ReadingTargets, cache: RuleCache) -> RuleResults:
    answer = load.answer
    if answer is None:
        return RuleResults(problems=(), rows=())

    def compute() -> RuleResults:
        problems, rows = check_answer(answer, targets)
        return RuleResults(problems=tuple(problems), rows=tuple(rows))

    return cache.results(answer, compute)


def gate(
    directory: Path,
    *,
    previous: Catalog | None,
    targets: ReadingTargets = DEFAULT_TARGETS,
    cache_dir: Path | None = None,
) -> Gated:
    """The catalog to serve after checking `directory`, given the one served until now."""
    return Gate(targets=targets, cache_dir=cache_dir).directory(directory, previous=previous)


def admit(
    checked: CheckedContent, *, previous: Catalog | None, partial: bool = False, removed: frozenset[str] = frozenset()
) -> Gated:
    """The catalog to serve from checked content, given the one served until now: the gate's decision.

    `partial`: `checked` holds some answers only (those that changed); the others stay as served, but
    for `removed`, answers that are no longer published (withdrawn).
    """
    if not checked.readable:
        return Gated(catalog=previous, checked=checked, held_back=())
    rechecked = {found.slug for found in checked.findings} | removed
    unchanged = previous is not None and partial
    served_before = previous.entries if previous is not None else {}
    kept_as_served = (
        {slug: answer for slug, answer in served_before.items() if slug not in removed} if unchanged else {}
    )
    served = {**kept_as_served, **checked.answers}
    held_back: list[HeldBack] = []
    for found in checked.findings:
        if not found.errors:
            continue
        kept = served_before.get(found.slug)
        if kept is not None:
            served[found.slug] = kept
        held_back.append(HeldBack(slug=found.slug, findings=found, serving=kept.revision if kept is not None else None))
    still_held = tuple(slug for slug in previous.held_back if slug not in rechecked) if unchanged and previous else ()
    catalog = Catalog.of(served, held_back=(*still_held, *(held.slug for held in held_back)))
    return Gated(catalog=catalog, checked=checked, held_back=tuple(held_back))


@dataclass(frozen=True, kw_only=True, eq=False)
class Gate:
    """The rules as this process applies them: the reading-level targets and the rule cache's directory.

    Built once (by the app at start-up, by each command) and handed to everything that checks content, so that
    every check in a process holds texts to the same targets: a check that fell back to the default targets
    would let through, say, a metadata write that the same answer's text write is refused for.
    """

    targets: ReadingTargets = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    cache_dir: Path | None = None
    strict_claims: bool = False
    """An answer whose clinician text marks no claim is refused (`claims-not-marked` is an error), not warned."""

    @classmethod
    def configured(cls, targets_file: Path | None, cache_dir: Path | None, *, strict_claims: bool = False) -> Gate:
        """The gate with the targets of the TOML file `targets_file` (default: the built-in ones).

        Raises OSError or ValueError for a file that cannot be read or holds no valid targets.
        """
        targets = load_targets(targets_file) if targets_file else dict(DEFAULT_TARGETS)
        return cls(targets=targets, cache_dir=cache_dir, strict_claims=strict_claims)

    def check_content(self, directory: Path) -> CheckedContent:
        """Every rule on every answer of a content directory."""
        return self.check_files(read_content(directory))

    def check_files(self, content: ContentFiles) -> CheckedContent:
        """Every rule on a content directory as `read_content` read it."""
        return checked_files(content, self.targets, self.cache_dir, strict_claims=self.strict_claims)

    def check_answers(
        self,
        files: Sequence[AnswerFiles],
        *,
        cache_name: str,
        other_slugs: frozenset[str] = frozenset(),
        partial: bool = False,
        cache: RuleCache | None = None,
    ) -> CheckedContent:
        """Every rule on answers given as text (see `check_answers`)."""
        return check_answers(
            files,
            self.targets,
            self.cache_dir,
            cache_name=cache_name,
            other_slugs=other_slugs,
            partial=partial,
            cache=cache,
            strict_claims=self.strict_claims,
        )

    def rule_cache(self, name: str, *, shared: bytes | None = None) -> RuleCache:
        """The rule cache called `name`, for these targets."""
        return RuleCache(self.cache_dir, name, self.targets, shared=shared)

    def directory(self, directory: Path, *, previous: Catalog | None) -> Gated:
        """The catalog to serve after checking `directory`, given the one served until now."""
        return admit(self.check_content(directory), previous=previous)
