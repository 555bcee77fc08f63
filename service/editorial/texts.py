"""The rules of editorial writes and decisions, one implementation for every caller (the API and the pages).

A text is written as a new revision through the gate, against the answer's current texts: a text
that makes the answer break a rule is refused with the findings, and nothing is stored. Writes are
optimistic: the writer names the revision they read (its ETag); a write that lost the race is
refused. Review decisions move one revision through `submitted → under_review → approved |
changes_requested`; nobody approves what they wrote. Every write and decision is in the audit log.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, cast

import msgspec
from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from service.content.claim_rules import carried_ids, claims_changed
from service.content.gate import Gate
from service.content.model import Audience
from service.content.variant_file import split_sections
from service.content.workflow import TRANSITIONS, ReviewDecision, ReviewState
from service.editorial.answers import MetadataOut, metadata_etag, metadata_view, stored_metadata
from service.editorial.checks import etag_of, gate_answer, require_version
from service.editorial.users import REVIEWERS, WRITERS, require_role
from service.errors import (
    IllegalTransition,
    PreconditionFailed,
    SelfApproval,
    UnknownAnswer,
)
from service.store.changes import serialize_writes
from service.store.drift import approved_numbers, is_stale, source_of
from service.store.models import (
    AnswerModel,
    AnswerRevisionModel,
    AuditEntryModel,
    TextModel,
    TextRevisionModel,
    UserModel,
)
from service.store.repositories import answer_by_slug, answer_with_metadata, latest_texts, newest_of
from service.store.revisions import add_text_revision
from service.structs import Record

__all__ = [
    "QUEUE_STATUSES",
    "AnswerState",
    "Decision",
    "HistoryEntry",
    "QueueEntry",
    "TextState",
    "answer_state",
    "decide",
    "decide_metadata",
    "history",
    "queue",
    "text_etag",
    "write_text",
]


class Decision(Record, forbid_unknown_fields=True):
    """What a reviewer decides about a revision."""

    decision: ReviewDecision
    """`still-accurate`: a stale revision still says what its source's newest approved revision says."""
    note: Annotated[str, msgspec.Meta(max_length=4000)] | None = None
    """Why: shown in the history (and, for an approval, as the public summary of the change)."""


def _allowed(status: str) -> list[str]:
    """The decisions `status` allows, as an illegal transition lists them."""
    return sorted(TRANSITIONS[ReviewState(status)])


class TextState(Record):
    """A text's latest revision, as the editorial API shows it."""

    locale: str
    audience: Audience
    revision: int
    status: str
    author: str | None
    """The user who wrote it; null for imported revisions."""
    created_at: str
    source_revision: int | None
    stale: bool
    """True when the source text has a newer approved revision than `source_revision`."""
    markdown: str
    etag: str


class AnswerState(Record):
    """An answer's metadata and the latest revision of each of its texts."""

    slug: str
    withdrawn: bool
    """True when the answer has been withdrawn from readers."""
    metadata_revision: int
    metadata_status: str
    """The review state of the newest metadata revision, as a text's."""
    metadata_author: str | None
    """Who wrote the newest metadata revision; null for imported ones."""
    metadata_etag: str
    """What `If-Match` names to write the metadata."""
    metadata: MetadataOut
    metadata_toml: str
    """The metadata as the `answer.toml` that `tailor export` writes."""
    texts: list[TextState]


def text_etag(slug: str, locale: str, audience: str, revision: int) -> str:
    """The strong ETag of a text's revision, quotes included."""
    return etag_of(slug, locale, audience, revision)


async def answer_state(session: AsyncSession, slug: str) -> AnswerState:
    """The answer's metadata and latest texts, or a 404."""
    answer, metadata = await answer_with_metadata(session, slug)
    names = {user.id: user.name for user in (await session.execute(select(UserModel))).scalars()}
    approved = await approved_numbers(session, answer.id)
    texts = [
        TextState(
            locale=locale,
            audience=Audience(audience),
            revision=revision.number,
            status=revision.status,
            author=names.get(revision.author_id) if revision.author_id is not None else None,
            created_at=revision.created_at.isoformat(),
            source_revision=revision.source_revision,
            stale=is_stale((answer.id, locale, audience), revision.source_revision, approved),
            markdown=revision.markdown,
            etag=text_etag(slug, locale, audience, revision.number),
        )
        for (locale, audience), (_, revision) in sorted((await latest_texts(session, answer.id)).items())
    ]
    return AnswerState(
        slug=slug,
        withdrawn=metadata.withdrawn,
        metadata_revision=metadata.number,
        metadata_status=metadata.status,
        metadata_author=names.get(metadata.author_id) if metadata.author_id is not None else None,
        metadata_etag=metadata_etag(slug, metadata.number),
        metadata=metadata_view(stored_metadata(metadata.metadata_toml, slug)),
        metadata_toml=metadata.metadata_toml,
        texts=texts,
    )


async def write_text(
    session: AsyncSession,
    *,
    slug: str,
    locale: str,
    audience: Audience,
    markdown: str,
    author: UserModel,
    if_match: str | None,
    if_none_match: str | None,
    gate: Gate,
) -> TextState:
    """Store `markdown` as the text's next revision, `submitted`, if the gate lets the answer through."""
    require_role(author, WRITERS)
    await serialize_writes(session)
    answer, metadata = await answer_with_metadata(session, slug)
    current = await latest_texts(session, answer.id)
    existing = current.get((locale, audience.value))
    require_version(
        text_etag(slug, locale, audience.value, existing[1].number) if existing is not None else None,
        if_match,
        if_none_match,
    )
    await gate_answer(
        session,
        answer,
        metadata_toml=metadata.metadata_toml,
        texts=current,
        draft=(locale, audience, markdown),
        gate=gate,
    )

    text = (
        existing[0] if existing is not None else TextModel(answer_id=answer.id, locale=locale, audience=audience.value)
    )
    if existing is None:
        session.add(text)
        await session.flush()
    number = existing[1].number + 1 if existing is not None else 1
    source = source_of(locale, audience.value)
    source_revision = current[source][1].number if source is not None and source in current else None
    revision = add_text_revision(
        session,
        text=(text.id, answer.id, locale, audience.value),
        number=number,
        markdown=markdown,
        status=ReviewState.SUBMITTED,
        source_revision=source_revision,
        author=author,
        actor=author.name,
        action="write-text",
    )
    try:
        await session.flush()
    except (IntegrityError, OperationalError) as lost:
        # Another writer stored this revision number first (PostgreSQL and SQLite report it as a unique
        # violation, SQLite also as a snapshot it cannot upgrade to a write): exactly one wins each round.
        raise PreconditionFailed() from lost
    return TextState(
        locale=locale,
        audience=audience,
        revision=number,
        status=ReviewState.SUBMITTED,
        author=author.name,
        created_at=revision.created_at.isoformat(),
        source_revision=source_revision,
        stale=is_stale(
            (answer.id, locale, audience.value), source_revision, await approved_numbers(session, answer.id)
        ),
        markdown=markdown,
        etag=text_etag(slug, locale, audience.value, number),
    )


async def decide(
    session: AsyncSession,
    *,
    slug: str,
    locale: str,
    audience: Audience,
    number: int,
    decision: Decision,
    reviewer: UserModel,
) -> str:
    """Apply a review decision to revision `number`; returns the new status."""
    require_role(reviewer, REVIEWERS)
    await serialize_writes(session)
    answer = await answer_by_slug(session, slug)
    query = (
        select(TextRevisionModel)
        .join(TextModel, TextModel.id == TextRevisionModel.text_id)
        .where(
            TextModel.answer_id == answer.id,
            TextModel.locale == locale,
            TextModel.audience == audience.value,
            TextRevisionModel.number == number,
        )
    )
    revision = (await session.execute(query)).scalar_one_or_none()
    if revision is None:
        raise UnknownAnswer(f"{slug}/{locale}/{audience.value}/{number}")
    if decision.decision is ReviewDecision.STILL_ACCURATE:
        return await _confirm(
            session,
            answer_id=answer.id,
            text=(locale, audience.value),
            revision=revision,
            decision=decision,
            reviewer=reviewer,
        )
    after = await _move(session, revision, decision, reviewer, answer_id=answer.id, text=(locale, audience.value))
    if after == ReviewState.APPROVED:
        await _spare_what_the_change_left(session, answer_id=answer.id, source=revision, reviewer=reviewer)
    return after


async def _spare_what_the_change_left(
    session: AsyncSession, *, answer_id: int, source: TextRevisionModel, reviewer: UserModel
) -> None:
    """Claim-level drift: a text written from `source`'s text that carries none of the claims it changed stays fresh.

    Its latest and its newest approved revision are confirmed against `source` (their `source_revision`
    moves up, with a `claims-unchanged` audit entry saying why); a text that carries a changed claim keeps
    its older source revision, and so is stale, with a `claims-changed` entry naming those claims. Without
    claims in either revision of the source, every text written from it goes stale, as before claims existed.
    """
    texts = await latest_texts(session, answer_id)
    source_key = next(key for key, (text, _) in texts.items() if text.id == source.text_id)
    for key, (text, _) in texts.items():
        if source_of(*key) != source_key:
            continue
        revisions = list(
            (await session.execute(select(TextRevisionModel).where(TextRevisionModel.text_id == text.id))).scalars()
        )
        approved = [written for written in revisions if written.status == ReviewState.APPROVED]
        chosen = {max(revisions, key=lambda written: written.number).id: None}
        if approved:
            chosen[max(approved, key=lambda written: written.number).id] = None
        for written in (candidate for candidate in revisions if candidate.id in chosen):
            await _spare_one(session, answer_id=answer_id, key=key, written=written, source=source, reviewer=reviewer)


async def _spare_one(
    session: AsyncSession,
    *,
    answer_id: int,
    key: tuple[str, str],
    written: TextRevisionModel,
    source: TextRevisionModel,
    reviewer: UserModel,
) -> None:
    """Confirm `written` against `source` when none of the claims it carries changed since it was written."""
    before = written.source_revision
    if before is None or before >= source.number:
        return
    old = (
        await session.execute(
            select(TextRevisionModel).where(
                TextRevisionModel.text_id == source.text_id, TextRevisionModel.number == before
            )
        )
    ).scalar_one_or_none()
    changed = claims_changed(old.markdown, source.markdown) if old is not None else None
    if changed is None:
        return  # a source without claims: stale, as every text was before claims
    carried_and_changed = changed & carried_ids(written.markdown)
    if carried_and_changed:
        # Stale (its source revision stays behind): the history says which of its claims to bring up to date.
        action = "claims-changed"
        note = f"source {before} → {source.number} changed claims it carries: {', '.join(sorted(carried_and_changed))}"
    else:
        await _compare_and_set(session, written, "source_revision", before, source.number)
        action = "claims-unchanged"
        note = f"source {before} → {source.number}: none of the claims it carries changed" + (
            f" (changed: {', '.join(sorted(changed))})" if changed else ""
        )
    session.add(
        AuditEntryModel(
            answer_id=answer_id,
            actor=reviewer.name,
            action=action,
            locale=key[0],
            audience=key[1],
            revision=written.number,
            to_status=written.status,
            note=note,
        )
    )


async def _move(
    session: AsyncSession,
    revision: TextRevisionModel | AnswerRevisionModel,
    decision: Decision,
    reviewer: UserModel,
    *,
    answer_id: int,
    text: tuple[str, str] | None,
) -> str:
    """Move a text's revision (`text`: its locale and audience) or a metadata revision along its review.

    The same for both: the transitions the state allows, nobody approves what they wrote, one decision
    per state (`_compare_and_set`), and the decision in the audit log. Returns the new status.
    """
    allowed = TRANSITIONS[ReviewState(revision.status)]
    if decision.decision not in allowed:
        raise IllegalTransition(revision.status, _allowed(revision.status))
    if decision.decision is ReviewDecision.APPROVE and revision.author_id == reviewer.id:
        raise SelfApproval()
    before, after = revision.status, allowed[decision.decision]
    await _compare_and_set(session, revision, "status", before, after)
    locale, audience = text if text is not None else (None, None)
    # An approval records the reviewer as readers are to see them now: a later profile change rewrites nothing.
    approving = after == ReviewState.APPROVED
    named = approving and reviewer.named_publicly and reviewer.display_name is not None
    session.add(
        AuditEntryModel(
            answer_id=answer_id,
            actor=reviewer.name,
            action=f"review-{decision.decision}",
            locale=locale,
            audience=audience,
            revision=revision.number,
            from_status=before,
            to_status=after,
            note=decision.note,
            reviewer_name=reviewer.display_name if named else None,
            reviewer_credential=reviewer.credential if named else None,
            reviewer_role=reviewer.role if approving else None,
        )
    )
    await session.flush()
    return after


async def _compare_and_set(
    session: AsyncSession,
    revision: TextRevisionModel | AnswerRevisionModel,
    column: str,
    expected: object,
    new: object,
) -> None:
    """Set `column` of `revision` to `new` only if it still holds `expected`; otherwise the decision lost.

    Writes already wait for each other (`serialize_writes`); this makes "one decision per state" a
    property of the statement itself, whatever the engine and whoever forgot to take the lock.
    """
    model = type(revision)
    changed = await session.execute(
        update(model)
        .where(model.id == revision.id, getattr(model, column) == expected)
        .values({column: new})
        .execution_options(synchronize_session=False)
    )
    await session.refresh(revision)
    if cast("CursorResult[Any]", changed).rowcount != 1:
        raise IllegalTransition(revision.status, _allowed(revision.status))


async def _confirm(
    session: AsyncSession,
    *,
    answer_id: int,
    text: tuple[str, str],
    revision: TextRevisionModel,
    decision: Decision,
    reviewer: UserModel,
) -> str:
    """A reviewer confirms that a stale revision still matches its source's newest approved revision."""
    locale, audience = text
    if revision.author_id == reviewer.id:
        # Clearing the flag publishes the revision as current again: a second person decides, as for approval.
        raise SelfApproval()
    approved = await approved_numbers(session, answer_id)
    if not is_stale((answer_id, locale, audience), revision.source_revision, approved):
        raise IllegalTransition("not stale", _allowed(revision.status))
    source = source_of(locale, audience) or (locale, audience)  # a stale text always has a source
    caught_up = approved[(answer_id, *source)]
    before = revision.source_revision
    await _compare_and_set(session, revision, "source_revision", before, caught_up)
    session.add(
        AuditEntryModel(
            answer_id=answer_id,
            actor=reviewer.name,
            action="review-still-accurate",
            locale=locale,
            audience=audience,
            revision=revision.number,
            to_status=revision.status,
            note=f"source {before} → {caught_up}" + (f": {decision.note}" if decision.note else ""),
        )
    )
    await session.flush()
    return revision.status


async def decide_metadata(
    session: AsyncSession, *, slug: str, number: int, decision: Decision, reviewer: UserModel
) -> str:
    """Apply a review decision to metadata revision `number` (only the newest can be decided); the new status.

    The same transitions and the same two-person rule as a text's: the question and the related
    questions are medical text readers see.
    """
    require_role(reviewer, REVIEWERS)
    await serialize_writes(session)
    answer, latest = await answer_with_metadata(session, slug)
    if latest.number != number:
        raise IllegalTransition(f"superseded by revision {latest.number}", [])
    return await _move(session, latest, decision, reviewer, answer_id=answer.id, text=None)


class QueueEntry(Record):
    """A text (or an answer's metadata) waiting for a reviewer."""

    kind: Literal["text", "metadata"]
    """`metadata`: the answer's question, related questions, citations and board (no locale, no audience)."""
    slug: str
    locale: str | None
    audience: Audience | None
    revision: int
    status: str
    stale: bool
    author: str | None
    created_at: str
    sections: int
    """How many sections the revision has (metadata: how many it lists)."""


class HistoryEntry(Record):
    """One line of an answer's audit log."""

    at: str
    actor: str
    action: str
    locale: str | None
    audience: str | None
    revision: int
    from_status: str | None
    """The state a decision moved the revision from; null for writes and imports."""
    to_status: str | None
    note: str | None


QUEUE_STATUSES = (ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW, ReviewState.CHANGES_REQUESTED, "stale")


async def queue(session: AsyncSession, statuses: tuple[str, ...] = QUEUE_STATUSES[:2]) -> list[QueueEntry]:
    """Texts whose latest revision is in one of `statuses`, oldest first; `stale` adds the stale ones."""
    query = (
        select(
            AnswerModel.id, AnswerModel.slug, TextModel.locale, TextModel.audience, TextRevisionModel, UserModel.name
        )
        .join(TextModel, TextModel.answer_id == AnswerModel.id)
        .join(TextRevisionModel, TextRevisionModel.text_id == TextModel.id)
        .join(*newest_of(TextRevisionModel.text_id, TextRevisionModel.number))
        .outerjoin(UserModel, UserModel.id == TextRevisionModel.author_id)
        .order_by(TextRevisionModel.created_at, AnswerModel.slug, TextModel.locale, TextModel.audience)
    )
    if "stale" not in statuses:
        query = query.where(TextRevisionModel.status.in_(statuses))
    approved = await approved_numbers(session) if "stale" in statuses else {}
    texts = [
        QueueEntry(
            kind="text",
            slug=slug,
            locale=locale,
            audience=Audience(audience),
            revision=revision.number,
            status=revision.status,
            stale=stale,
            author=author,
            created_at=revision.created_at.isoformat(),
            sections=len(split_sections(revision.markdown, slug)[0]),
        )
        for answer_id, slug, locale, audience, revision, author in (await session.execute(query)).all()
        if (stale := is_stale((answer_id, locale, audience), revision.source_revision, approved))
        or revision.status in statuses
    ]
    return sorted([*texts, *await _metadata_queue(session, statuses)], key=lambda entry: entry.created_at)


async def _metadata_queue(session: AsyncSession, statuses: tuple[str, ...]) -> list[QueueEntry]:
    """The answers whose newest metadata revision is in one of `statuses` (and not withdrawn)."""
    query = (
        select(AnswerModel.slug, AnswerRevisionModel, UserModel.name)
        .join(AnswerRevisionModel, AnswerRevisionModel.answer_id == AnswerModel.id)
        .join(*newest_of(AnswerRevisionModel.answer_id, AnswerRevisionModel.number))
        .outerjoin(UserModel, UserModel.id == AnswerRevisionModel.author_id)
        .where(AnswerRevisionModel.status.in_(statuses), AnswerRevisionModel.withdrawn.is_(False))
    )
    return [
        QueueEntry(
            kind="metadata",
            slug=slug,
            locale=None,
            audience=None,
            revision=revision.number,
            status=revision.status,
            stale=False,
            author=author,
            created_at=revision.created_at.isoformat(),
            sections=len(stored_metadata(revision.metadata_toml, slug).sections),
        )
        for slug, revision, author in (await session.execute(query)).all()
    ]


async def history(session: AsyncSession, slug: str) -> list[HistoryEntry]:
    """Every write and decision on an answer, in the order they happened."""
    answer = await answer_by_slug(session, slug)
    entries = (
        await session.execute(
            select(AuditEntryModel).where(AuditEntryModel.answer_id == answer.id).order_by(AuditEntryModel.id)
        )
    ).scalars()
    return [
        HistoryEntry(
            at=entry.created_at.isoformat(),
            actor=entry.actor,
            action=entry.action,
            locale=entry.locale,
            audience=entry.audience,
            revision=entry.revision,
            from_status=entry.from_status,
            to_status=entry.to_status,
            note=entry.note,
        )
        for entry in entries
    ]
