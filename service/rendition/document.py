"""The documents renditions are made of: an answer (or the list) as served to one audience in one locale.

The JSON rendition is exactly these, encoded; the HTML page is rendered from the same document.

Every section says which audience and locale its text was actually written for, so a fallback is
never silent: apps read `fallback`, pages show a note.
"""

from __future__ import annotations

import datetime

import msgspec

from service.content.model import Audience, Reviewer, ReviewStatus
from service.content.readability import Formula
from service.rendition.blocks import Block
from service.structs import Record

__all__ = [
    "AnswerDocument",
    "AnswerLabels",
    "AnswerList",
    "AnswerPage",
    "AnswerSummary",
    "ApprovalOut",
    "ChangeOut",
    "CitationOut",
    "NoteOut",
    "ReadingLevelOut",
    "RelatedOut",
    "ReviewOut",
    "ReviewStep",
    "SectionOut",
    "TermOut",
]


class ReviewOut(Record):
    """Where a text (or, for a page, the least advanced of its texts) is in medical review."""

    status: ReviewStatus
    board: str | None
    reviewed_on: datetime.date | None


class ReadingLevelOut(Record):
    """How hard a text is to read, by the formula for its language."""

    formula: Formula
    score: float
    smog: float | None = None
    """The SMOG grade of an English text, beside its Flesch-Kincaid grade; null in other languages."""


class NoteOut(Record):
    """What the reader is told about a section, in their language; `kind`: `fallback`, `stale` or `review`."""

    kind: str
    text: str


class TermOut(Record):
    """A word the glossary explains, as this reader gets its definition (a text of the glossary's, reviewed)."""

    id: str
    """The term's id: `/api/v1/glossary/{id}` serves it alone."""
    title: str
    """The term as its definition names it."""
    words: list[str]
    """The words that stand for it in running text, in the definition's language (its title first)."""
    served_audience: Audience
    served_locale: str
    fallback: bool
    """True when the definition was written for another audience or locale than the one requested."""
    reading_level: ReadingLevelOut | None
    review: ReviewOut
    """The review of the glossary text the definition was served from."""
    stale: bool
    """True when the clinicians' definition this one is written from has been updated and approved since."""
    html: str
    """The definition, a sanitized HTML fragment."""
    blocks: list[Block]


class SectionOut(Record):
    """One section, in the text that best matches the requested audience and locale."""

    id: str
    title: str
    served_audience: Audience
    served_locale: str
    fallback: bool
    """True when the text was written for another audience or locale than the one requested."""
    reading_level: ReadingLevelOut | None
    review: ReviewOut
    """The review of the text this section was served from."""
    stale: bool
    """True when the clinicians' text this one is written from has been updated and approved since."""
    stale_since: datetime.date | None
    """When that update was approved."""
    html: str
    """A sanitized HTML fragment."""
    blocks: list[Block]
    notes: list[NoteOut] = msgspec.field(default_factory=list)
    """In the JSON rendition: the notes the page shows above the section (fallback, stale, pending review)."""
    claims: list[str] = msgspec.field(default_factory=list)
    """The claims the section states (clinician text) or carries (the others), by id, in the text's order."""
    reviewed_by: Reviewer | None = None
    """Who approved the text this section was served from, as recorded then: `name` and `credential`, or
    only `role` for a reviewer not named publicly; null until a person approves it."""
    terms: list[TermOut] = msgspec.field(default_factory=list)
    """The words to know: each glossary term the section uses (its first use is a `term` inline of `blocks`),
    in order of first use, with its definition. Nurse and family versions only."""


class CitationOut(Record):
    """A numbered source; fields that are not known are null, never guessed."""

    number: int
    description: str
    authors: list[str]
    journal: str | None
    year: int | None
    pmid: str | None
    doi: str | None
    url: str | None


class ChangeOut(Record):
    """An approved change to one of the texts on the page, with the reviewer's public summary."""

    on: datetime.date
    audience: Audience
    locale: str
    summary: str | None


class RelatedOut(Record):
    """A related answer being served, by its question as this reader's version asks it."""

    question: str
    question_locale: str
    slug: str
    href: str


class ReviewStep(Record):
    """A step of the review tracker."""

    status: ReviewStatus
    label: str


class AnswerLabels(Record):
    """The words of the page around the content, in the requested locale, for an app to show them."""

    audience_prompt: str
    audiences: dict[Audience, str]
    review_heading: str
    review_steps: list[ReviewStep]
    pending_review: str | None
    """The banner, when what this reader gets is not all approved."""
    last_updated: str
    references: str
    related: str
    changes: str


class ApprovalOut(Record):
    """The approval of one text on the page: "Reviewed by … on …"."""

    audience: Audience
    locale: str
    reviewed_on: datetime.date
    reviewed_by: Reviewer | None
    """Null for an approval that records no reviewer (one from before reviewers had profiles)."""


class AnswerDocument(Record):
    """One answer for one audience in one locale."""

    slug: str
    question: str
    question_locale: str
    review: ReviewOut
    """The least advanced review of the texts on the page: what this reader can rely on."""
    last_updated: datetime.date
    requested_audience: Audience
    requested_locale: str
    sections: list[SectionOut]
    citations: list[CitationOut]
    related: list[RelatedOut]
    disclaimer: SectionOut
    changes: list[ChangeOut]
    """"Changes to this answer": the approved revisions of the texts on the page, newest first."""
    labels: AnswerLabels | None = None
    """In the JSON rendition: the page's words in the requested locale."""
    notes: list[NoteOut] = msgspec.field(default_factory=list)
    """In the JSON rendition: what the page says once, at the top (a fallback every section shares)."""
    approvals: list[ApprovalOut] = msgspec.field(default_factory=list)
    """Per text on the page that a person approved: who, and when, in the order the texts are shown."""
    based_on: str | None = None
    """The rendition this one is written from, in the same format: a nurse or family version's clinician
    version in the same locale, a translated clinician version's in the default locale; null for the source."""


class AnswerSummary(Record):
    """An answer as the list shows it."""

    slug: str
    question: str
    question_locale: str
    review: ReviewOut
    """The least advanced review of the texts this reader gets (the same shape as a rendition's)."""
    last_updated: datetime.date
    href: str
    """Where the full rendition is, in the same audience and locale."""


class AnswerList(Record):
    """Every answer, for one audience and locale."""

    audience: Audience
    locale: str
    answers: list[AnswerSummary]


class AnswerPage(Record):
    """One page of the answer list, in slug order, for one audience and locale."""

    audience: Audience
    locale: str
    answers: list[AnswerSummary]
    total: int
    """How many answers there are in all."""
    page: int
    """This page's number, from 1."""
    page_size: int
    pages: int
    """How many pages there are (at least 1)."""
