"""The content domain: answers, their sections, and the versions written for each audience and locale.

Everything here is a frozen msgspec Struct: a catalog built from these is never mutated, only replaced.
Locales are BCP 47 tags as they appear in folder names and URLs (`en`, `es`, `es-MX`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated

import msgspec

from service.content.readability import ReadingLevel
from service.structs import FileRecord, Record

__all__ = [
    "DEFAULT_LOCALE",
    "DISCLAIMER_SECTION",
    "KEY_POINTS_SECTION",
    "RESERVED_SECTIONS",
    "SECTION_ID_PATTERN",
    "SLUG_PATTERN",
    "Answer",
    "AnswerKind",
    "AnswerMetadata",
    "Audience",
    "BoardName",
    "Change",
    "Citation",
    "NonEmptyText",
    "RelatedQuestion",
    "Review",
    "ReviewStatus",
    "Reviewer",
    "SectionId",
    "SectionText",
    "Slug",
    "SourceLocation",
    "TextReview",
    "Variant",
    "Waiver",
]

DEFAULT_LOCALE = "en"
"""The locale every answer must be complete in; every other locale falls back to it."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SECTION_ID_PATTERN = SLUG_PATTERN

Slug = Annotated[str, msgspec.Meta(pattern=SLUG_PATTERN, max_length=120)]
SectionId = Annotated[str, msgspec.Meta(pattern=SECTION_ID_PATTERN, max_length=80)]
NonEmptyText = Annotated[str, msgspec.Meta(min_length=1)]
BoardName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class Audience(StrEnum):
    """Who a text is written for; the reader picks one with "Which best describes you?"."""

    CLINICIAN = "clinician"
    NURSE = "nurse"
    FAMILY = "family"

    @classmethod
    def from_value(cls, value: str | None) -> Audience | None:
        """The audience spelled exactly `value`, or None."""
        return next((audience for audience in cls if audience.value == value), None)


class AnswerKind(StrEnum):
    """What an answer folder holds: an answer readers read, or the glossary the answers' hard words link to.

    A glossary is kept, reviewed and checked like an answer (a term's definition is one section of one
    text), so that definitions get revisions, review, the two-person rule and drift for nothing; readers
    never get it as a page of its own, but as definitions beside the words it explains.
    """

    ANSWER = "answer"
    GLOSSARY = "glossary"


class ReviewStatus(StrEnum):
    """Where an answer is on its way to publication, in the order it moves."""

    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"


class Review(FileRecord):
    """The medical review of an answer."""

    status: ReviewStatus
    board: BoardName | dict[str, BoardName] | None = None
    """The body that reviews (or will review) the answer, e.g. a medical advisory board: one name, or a name per
    locale (`board = {en = "Medical Advisory Board", es = "Comité Médico Asesor"}`), shown along the locale chain."""
    reviewed_on: datetime.date | None = None


class Reviewer(Record):
    """Who approved a text, as readers are told: a name and credential, or (not named publicly) a role alone."""

    role: str
    """`reviewer` or `admin`: what readers are told when no name is."""
    name: str | None = None
    credential: str | None = None


class TextReview(Record):
    """Where the revision of one text that readers get is in review.

    In a content directory every text shares `answer.toml`'s review; the store keeps one per text.
    """

    status: ReviewStatus
    reviewed_on: datetime.date | None = None
    stale: bool = False
    """True when the text this one is written from got a newer approved revision since it was written."""
    stale_since: datetime.date | None = None
    """When that revision was approved."""
    reviewed_by: Reviewer | None = None
    """Who approved it, as recorded then; None for content directories and approvals before profiles."""


class Change(Record):
    """An approved revision of one text: when it was approved, and the reviewer's public summary of it."""

    on: datetime.date
    locale: str
    audience: Audience
    summary: str | None


class Citation(FileRecord):
    """A numbered source. Only `number` and `description` are required: the rest is left empty unless known."""

    number: Annotated[int, msgspec.Meta(ge=1)]
    description: NonEmptyText
    """What is known of the source, e.g. what it reported; never a made-up title. Written in the default locale."""
    authors: tuple[str, ...] = ()
    journal: str | None = None
    year: Annotated[int, msgspec.Meta(ge=1800, le=2200)] | None = None
    pmid: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,9}$")] | None = None
    # Printable ASCII rather than `\S`, which Python and JavaScript (the schema's readers) disagree on.
    doi: Annotated[str, msgspec.Meta(pattern=r"^10\.[0-9]{4,9}/[!-~]+$")] | None = None
    url: Annotated[str, msgspec.Meta(pattern=r"^https?://[!-~]+$")] | None = None


class RelatedQuestion(FileRecord):
    """Another answer by slug, or a question (per locale) that has no answer yet. Exactly one of the two."""

    slug: Slug | None = None
    question: dict[str, NonEmptyText] = msgspec.field(default_factory=dict)
    audiences: tuple[Audience, ...] = ()
    """Who the entry is shown to; empty (the default) means everyone."""

    def shown_to(self, audience: Audience) -> bool:
        """Whether readers of `audience` see this entry."""
        return not self.audiences or audience in self.audiences

    def __post_init__(self) -> None:
        """Refuse entries that name both an answer and a question text, or neither."""
        if (self.slug is None) == (not self.question):
            raise ValueError("a related entry has either `slug` or `question`, not both and not neither")


class Waiver(FileRecord):
    """A claim one text need not carry, and why: effective once a second person approved it (see `claim_rules`)."""

    claim: Slug
    audience: Audience
    locale: str
    reason: NonEmptyText
    """Why this text may leave the claim out; shown to reviewers beside it."""


class AnswerMetadata(FileRecord):
    """The contents of an answer's `answer.toml`."""

    slug: Slug
    question: dict[str, NonEmptyText]
    """The question as clinicians ask it, per locale; it stands in for nurses and families where theirs is missing."""
    review: Review
    last_updated: datetime.date
    sections: Annotated[tuple[SectionId, ...], msgspec.Meta(min_length=1)]
    """Section ids in reading order. The reserved `key-points` and `disclaimer` sections are not listed here."""
    questions: dict[Audience, dict[str, NonEmptyText]] = {}  # noqa: RUF012 - msgspec copies it
    """The question as nurses and families ask it, per locale (`[questions.family]`), at their reading level."""
    citations: tuple[Citation, ...] = ()
    related: tuple[RelatedQuestion, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    """Claims a text need not carry, each with its reason."""
    kind: AnswerKind = AnswerKind.ANSWER
    terms: dict[SectionId, dict[str, tuple[NonEmptyText, ...]]] = {}  # noqa: RUF012 - msgspec copies it
    """A glossary's words for each term in running text, per locale (aliases and inflections: `["platelet",
    "platelets"]`), beside the title of the term's section, which always counts. Only a glossary has terms."""

    @property
    def is_glossary(self) -> bool:
        """Whether this is the glossary rather than an answer."""
        return self.kind is AnswerKind.GLOSSARY

    def question_for(self, audience: Audience) -> dict[str, str]:
        """The question per locale as `audience` reads it: theirs where written, else the clinician question.

        Language comes first: a Spanish family reader gets the clinician question in Spanish rather than
        the family question in English (the locale chain then decides, as for sections).
        """
        return {**self.question, **self.questions.get(audience, {})}

    @property
    def page_sections(self) -> tuple[str, ...]:
        """Every section id a page may show, in its order: the key points, the listed sections, the disclaimer."""
        if self.is_glossary:
            return self.sections
        return (KEY_POINTS_SECTION, *self.sections, DISCLAIMER_SECTION)


DISCLAIMER_SECTION = "disclaimer"
"""A section every variant has, shown after everything else: the disclaimer written for that audience."""
KEY_POINTS_SECTION = "key-points"
"""A section a variant may open with, shown first: three to five points a reader takes away (NCI's patient
summaries open so), written for that audience like any section and checked like one."""
RESERVED_SECTIONS = frozenset({DISCLAIMER_SECTION, KEY_POINTS_SECTION})
"""Section ids a text may hold that `sections` does not list."""


class SourceLocation(Record):
    """Where something was written: a path relative to the content directory and a 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        """Render as `file:line`, the form editors and terminals link."""
        return f"{self.file}:{self.line}"


class SectionText(Record):
    """One section of an answer, as written for one audience in one locale."""

    id: str
    title: str
    body: str
    """The section's Markdown, without its heading."""
    location: SourceLocation
    """Where the section's heading is."""
    body_line: int
    """The line of the variant file on which `body` starts, so body findings report real lines."""
    reading_level: ReadingLevel | msgspec.UnsetType | None = msgspec.UNSET
    """The body's reading level as the gate measured it (None: no formula for the language); UNSET when the
    text has not been through the gate, and whoever needs the level measures it."""


class Variant(Record):
    """An answer's sections written for one audience in one locale: one Markdown file."""

    audience: Audience
    locale: str
    file: str
    sections: Mapping[str, SectionText]
    """Section texts by id, in file order."""
    review: TextReview
    revision: str = ""
    """A digest of the text, its review and its approvals' summaries: what a page shows of this variant."""
    behind: bool = False
    """Written against an older revision of its source text than the answer now has (see `AnswerFiles`)."""
    written_on: datetime.date | None = None
    """When an editor wrote this revision (the store knows); None: as old as the metadata's `last_updated`."""


class Answer(Record):
    """One answer with every variant that has been written for it."""

    metadata: AnswerMetadata
    variants: Mapping[tuple[str, Audience], Variant]
    """Variants by (locale, audience)."""
    revision: str
    """A digest of the answer's files: it changes exactly when the answer's content changes."""
    metadata_file: str
    related_lines: tuple[int, ...] = ()
    waiver_lines: tuple[int, ...] = ()
    """The line of `answer.toml` where each waiver starts."""
    waived: frozenset[tuple[str, Audience, str]] = frozenset()
    """(claim, audience, locale) of the waivers in effect: in the metadata and approved by a second person."""
    """The line of `answer.toml` on which each `[[related]]` entry starts, for findings about them."""
    changes: tuple[Change, ...] = ()
    """Approved revisions of its texts, newest first (kept by the store; none in a content directory)."""
    metadata_revision: str = ""
    """A digest of what a page shows of `answer.toml`: every rendition of the answer depends on it."""

    @property
    def slug(self) -> str:
        """The answer's URL name."""
        return self.metadata.slug

    @property
    def locales(self) -> tuple[str, ...]:
        """Every locale with at least one variant, default locale first."""
        found = {locale for locale, _ in self.variants}
        return tuple(sorted(found, key=lambda locale: (locale != DEFAULT_LOCALE, locale)))

    def variant(self, locale: str, audience: Audience) -> Variant | None:
        """The variant for exactly this locale and audience, if written."""
        return self.variants.get((locale, audience))
