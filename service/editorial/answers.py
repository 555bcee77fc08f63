"""Writes to an answer itself: its metadata (`answer.toml`) and its withdrawal.

Metadata is written as a whole, as JSON (questions, sections, citations, related questions, review
board), and stored as the `answer.toml` it amounts to, so that export and the gate read it like any
other. Like a text, a metadata write names the revision it read (`If-Match`) and passes the gate with
the answer's current texts, or nothing is stored. A withdrawal is a revision too: the answer leaves
the site and keeps its history; a restore brings it back. Both are in the audit log.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

import msgspec
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from service.content.gate import Gate
from service.content.metadata import read_metadata
from service.content.model import AnswerKind, AnswerMetadata, Audience, Citation, Review, Slug, Waiver
from service.content.workflow import ReviewState
from service.editorial.checks import etag_of, gate_answer, require_version
from service.editorial.users import ADMINS, WRITERS, require_role
from service.errors import IllegalTransition, InvalidParameter, PreconditionFailed
from service.i18n.labels import N_
from service.store.changes import serialize_writes
from service.store.models import AnswerModel, AnswerRevisionModel, AuditEntryModel, UserModel, digest_of
from service.store.repositories import answer_with_metadata, latest_texts
from service.structs import FileRecord, Record

"""Where every metadata revision an editor writes starts, as a text revision does."""

__all__ = [
    "MetadataOut",
    "MetadataWrite",
    "Publication",
    "PublicationOutcome",
    "RelatedWrite",
    "decide_publication",
    "metadata_etag",
    "metadata_view",
    "stored_metadata",
    "write_metadata",
]


class RelatedWrite(FileRecord):
    """A related question as written: another answer's `slug`, or a `question` per locale (exactly one).

    The "exactly one" rule is the gate's, so that breaking it is a 422 finding like any other rule.
    """

    slug: Slug | None = None
    question: dict[str, str] = msgspec.field(default_factory=dict)
    audiences: list[Audience] = msgspec.field(default_factory=list)
    """Who the entry is shown to; empty means everyone."""


class AudienceQuestions(Record, forbid_unknown_fields=True):
    """The question as nurses and families ask it, per locale tag (the clinician question is `question`).

    Fields rather than a mapping keyed by audience: the schema can then say which audiences may be named.
    """

    nurse: dict[str, str] = msgspec.field(default_factory=dict)
    family: dict[str, str] = msgspec.field(default_factory=dict)

    def by_audience(self) -> dict[Audience, dict[str, str]]:
        """The questions written, by audience, as `answer.toml` holds them."""
        written = {Audience.NURSE: self.nurse, Audience.FAMILY: self.family}
        return {audience: asked for audience, asked in written.items() if asked}


class MetadataWrite(Record, forbid_unknown_fields=True):
    """An answer's metadata as an editor writes it; the slug is the URL's, the review states are the texts'."""

    # What Litestar's schema cannot say of nested values (a section id's pattern, a question that is not
    # empty) the gate checks, as it checks `answer.toml`: breaking it is a 422 finding, not a 400.
    question: Annotated[dict[str, str], msgspec.Meta(description="The clinician question, per locale tag.")]
    # Lists, not tuples: Litestar documents an annotated tuple's items as "anything" (`oneOf: [item, {}]`).
    sections: Annotated[list[str], msgspec.Meta(min_length=1, max_length=100)]
    """Section ids in reading order (not `disclaimer`)."""
    questions: AudienceQuestions = msgspec.field(default_factory=AudienceQuestions)
    """The nurse and family questions, per locale tag; the clinician question stands in where one is not
    written. Held to the audience's reading target and to the clinician text's figures."""
    citations: Annotated[list[Citation], msgspec.Meta(max_length=500)] = msgspec.field(default_factory=list)
    related: Annotated[list[RelatedWrite], msgspec.Meta(max_length=100)] = msgspec.field(default_factory=list)
    # Checked by the gate (not empty, at most 200 characters, locale tags), as in `answer.toml`: Litestar's
    # schema cannot say what the members of a union must be.
    board: str | dict[str, str] | None = None
    """The body that reviews the answer, e.g. a medical advisory board: one name, or a name per locale tag."""
    waivers: Annotated[list[Waiver], msgspec.Meta(max_length=500)] = msgspec.field(default_factory=list)
    """Claims a text need not carry, each with its reason: in effect once someone other than the author of
    this metadata revision approves it."""
    kind: AnswerKind = AnswerKind.ANSWER
    """`glossary` for the glossary, whose sections are terms; an answer's kind cannot be changed."""
    terms: Annotated[dict[str, dict[str, list[str]]], msgspec.Meta(max_length=2000)] = msgspec.field(
        default_factory=dict
    )
    """The glossary's words for each term (by its section id), per locale tag: aliases and inflections."""


class MetadataOut(MetadataWrite, kw_only=True):
    """An answer's metadata as the editorial API shows it: what can be written, and its date."""

    last_updated: datetime.date


def metadata_etag(slug: str, revision: int) -> str:
    """The strong ETag of a metadata revision."""
    return etag_of(slug, "metadata", revision)


def metadata_view(metadata: AnswerMetadata) -> MetadataOut:
    """What the editorial API shows of stored metadata."""
    return MetadataOut(
        question=metadata.question,
        questions=AudienceQuestions(
            nurse=metadata.questions.get(Audience.NURSE, {}), family=metadata.questions.get(Audience.FAMILY, {})
        ),
        sections=list(metadata.sections),
        citations=list(metadata.citations),
        related=[
            RelatedWrite(slug=entry.slug, question=entry.question, audiences=list(entry.audiences))
            for entry in metadata.related
        ],
        board=metadata.review.board,
        waivers=list(metadata.waivers),
        kind=metadata.kind,
        terms={
            term: {locale: list(words) for locale, words in by_locale.items()}
            for term, by_locale in metadata.terms.items()
        },
        last_updated=metadata.last_updated,
    )


def stored_metadata(metadata_toml: str, slug: str) -> AnswerMetadata:
    """A stored metadata revision, decoded."""
    read = read_metadata(metadata_toml, f"{slug}/answer.toml")
    if not isinstance(read, AnswerMetadata):  # every stored revision passed the gate
        raise TypeError(f"stored metadata of {slug} cannot be read: {read}")
    return read


async def write_metadata(
    session: AsyncSession,
    *,
    slug: str,
    metadata: MetadataWrite,
    editor: UserModel,
    if_match: str | None,
    today: datetime.date,
    gate: Gate,
) -> tuple[int, MetadataOut]:
    """Store `metadata` as the answer's next metadata revision, dated `today`; returns (revision, metadata)."""
    require_role(editor, WRITERS)
    await serialize_writes(session)
    answer, latest = await answer_with_metadata(session, slug)
    # New answers arrive with their texts through `tailor import`: the API edits answers that exist.
    require_version(metadata_etag(slug, latest.number), if_match, None)
    if latest.withdrawn:
        raise IllegalTransition("withdrawn", ["restore"])
    stored = stored_metadata(latest.metadata_toml, slug)
    if metadata.kind is not stored.kind:
        # An answer's texts are written for readers, a glossary's are definitions: neither becomes the other.
        raise InvalidParameter("kind", N_("“%(name)s” cannot be changed: write a new answer (or glossary) instead."))
    metadata_toml = _as_toml(slug, metadata, stored.review, today)
    texts = await latest_texts(session, answer.id)
    await gate_answer(session, answer, metadata_toml=metadata_toml, texts=texts, gate=gate)
    number = _add_revision(session, answer, latest.number + 1, metadata_toml, withdrawn=False, author=editor)
    _audit(session, answer, editor, "write-metadata", number, note=None, to_status=ReviewState.SUBMITTED)
    await _flush_or_lost(session)
    return number, metadata_view(stored_metadata(metadata_toml, slug))


def _as_toml(slug: str, metadata: MetadataWrite, review: Review, today: datetime.date) -> str:
    """The `answer.toml` a metadata write amounts to, dated `today`; each text keeps its own review."""
    kept_review = {"status": review.status.value, "board": metadata.board, "reviewed_on": review.reviewed_on}
    document = {
        "slug": slug,
        "last_updated": today,
        "sections": metadata.sections,
        "question": metadata.question,
        "questions": {audience.value: asked for audience, asked in metadata.questions.by_audience().items()} or [],
        "review": {key: value for key, value in kept_review.items() if value is not None},
        "citations": msgspec.to_builtins(metadata.citations),
        "related": msgspec.to_builtins(metadata.related),
        "waivers": msgspec.to_builtins(metadata.waivers),
        **({"kind": metadata.kind.value, "terms": metadata.terms} if metadata.kind is AnswerKind.GLOSSARY else {}),
    }
    return msgspec.toml.encode({key: value for key, value in document.items() if value != []}).decode()


class Publication(Record, forbid_unknown_fields=True):
    """Withdraw an answer from readers, or bring a withdrawn one back."""

    decision: Literal["withdraw", "restore"]
    note: Annotated[str, msgspec.Meta(max_length=4000)] | None = None
    """Why: kept in the history."""


class PublicationOutcome(Record):
    """The answer's state after a publication decision."""

    metadata_revision: int
    withdrawn: bool


async def decide_publication(
    session: AsyncSession, *, slug: str, decision: Publication, admin: UserModel
) -> PublicationOutcome:
    """Withdraw or restore an answer (admins only); the answer's texts and history stay."""
    require_role(admin, ADMINS)
    await serialize_writes(session)
    answer, latest = await answer_with_metadata(session, slug)
    withdraw = decision.decision == "withdraw"
    if latest.withdrawn == withdraw:
        raise IllegalTransition(
            "withdrawn" if latest.withdrawn else "published", ["restore" if withdraw else "withdraw"]
        )
    # The same metadata, under review as it was: withdrawing and restoring decide nothing about its content.
    number = _add_revision(session, answer, latest.number + 1, latest.metadata_toml, withdrawn=withdraw, copy_of=latest)
    _audit(session, answer, admin, decision.decision, number, note=decision.note)
    await _flush_or_lost(session)
    return PublicationOutcome(metadata_revision=number, withdrawn=withdraw)


def _add_revision(
    session: AsyncSession,
    answer: AnswerModel,
    number: int,
    metadata_toml: str,
    *,
    withdrawn: bool,
    author: UserModel | None = None,
    copy_of: AnswerRevisionModel | None = None,
) -> int:
    """Add revision `number`, the one after the revision the writer read (and `If-Match` named).

    Written by `author`, submitted for review; or a copy of revision `copy_of`, in its review state.
    """
    session.add(
        AnswerRevisionModel(
            answer_id=answer.id,
            number=number,
            metadata_toml=metadata_toml,
            digest=digest_of(metadata_toml),
            withdrawn=withdrawn,
            status=copy_of.status if copy_of is not None else ReviewState.SUBMITTED,
            author_id=copy_of.author_id if copy_of is not None else (author.id if author is not None else None),
        )
    )
    return number


async def _flush_or_lost(session: AsyncSession) -> None:
    """Store the revision; if another writer stored that number first (a unique violation), this write lost."""
    try:
        await session.flush()
    except IntegrityError as lost:
        raise PreconditionFailed() from lost


def _audit(
    session: AsyncSession,
    answer: AnswerModel,
    user: UserModel,
    action: str,
    number: int,
    *,
    note: str | None,
    to_status: str | None = None,
) -> None:
    session.add(
        AuditEntryModel(
            answer_id=answer.id, actor=user.name, action=action, revision=number, note=note, to_status=to_status
        )
    )
