"""The store as the server's content source: the revision of every text that readers get, through the gate.

Which revision readers get is the publish mode's choice (`service.settings.Publish`):

- `submitted`: the latest revision that no reviewer sent back (a request for changes sends readers
  back to the previous one; a text whose every revision was sent back keeps its latest, marked
  pending review, rather than taking its answer off the site);
- `approved`: the newest approved revision; a text without one is not served, so its sections fall
  back along the usual chain, and an answer is published once every audience has an approved English
  text.

Each text carries its review to the reader: its state, when it was approved, and since when it is
stale (the text it is written from got a newer approved revision). The approvals' public summaries
are the answer's "Changes to this answer". Findings about stored texts name them
`store/<slug>/<locale>/<audience>.md`, as if exported. What passed the gate when it was written can
still be held back here, when the rules have changed since.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import anyio.to_thread
import msgspec
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import ColumnElement, case, func, select, true
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from service.content.catalog import Catalog, FeedPosition
from service.content.files import AnswerFiles
from service.content.gate import CheckedContent, Gate, Gated, admit
from service.content.model import DEFAULT_LOCALE, Audience, Change, Reviewer, ReviewStatus, TextReview
from service.content.problems import Problem, Rule
from service.content.workflow import ReviewState, reader_status
from service.settings import Publish
from service.store.changes import changed_between, follow, read_position, unapplied
from service.store.drift import behind, source_of
from service.store.models import AnswerModel, AnswerRevisionModel, AuditEntryModel, TextModel, TextRevisionModel
from service.store.repositories import approved_waivers
from service.store.shared_rules import keep_shared_rules, shared_rules
from service.structs import Record

__all__ = ["StoreContent", "StoreSource", "read_store", "shown_file", "shown_folder"]

logger = logging.getLogger(__name__)
SHOWN_AS = "store"
"""Findings name the store's answers as if they were a content directory called this."""


def shown_folder(slug: str) -> str:
    """How findings name an answer of the store (`store/<slug>`), as they name a content folder."""
    return f"{SHOWN_AS}/{slug}"


def shown_file(slug: str, locale: str, audience: str) -> str:
    """How findings name a text of the store (`store/<slug>/<locale>/<audience>.md`)."""
    return f"{shown_folder(slug)}/{locale}/{audience}.md"


TextKey = tuple[int, str, str]
"""(answer id, locale, audience)."""


class StoreContent(Record):
    """What the store holds for readers."""

    position: FeedPosition
    """The audit entries applied once these answers are served (read before them, in the same session:
    an entry committed meanwhile is applied again rather than missed)."""
    asked: frozenset[str] | None
    """The answers read (None: every one)."""
    answers: list[AnswerFiles]
    """Published answers (of those asked for), as the texts readers get."""
    known: frozenset[str]
    """Every slug in the store, withdrawn and unpublished ones included: related entries may name them."""


class _Served(Record):
    """The revision of one text that readers get, with what its review needs."""

    markdown: str
    number: int
    status: str
    source_revision: int | None
    written_on: datetime.date | None
    """The day a person (not an import) wrote it."""


def _of_answers(answer_id: InstrumentedAttribute[int], slugs: frozenset[str] | None) -> ColumnElement[bool]:
    """A condition that keeps the rows of the answers called `slugs`, or every row when None."""
    if slugs is None:
        return true()
    return answer_id.in_(select(AnswerModel.id).where(AnswerModel.slug.in_(slugs)))


async def _answers(
    session: AsyncSession, publish: Publish, slugs: frozenset[str] | None
) -> tuple[dict[int, tuple[str, str, ReviewStatus]], frozenset[str]]:
    """(answer id → (slug, metadata readers get, its review) of those published, every slug of the store).

    Whether an answer is withdrawn is its newest revision's say; which metadata readers get is the
    publish mode's, as for a text: `approved`, the newest approved revision (none: not published);
    `submitted`, the newest that no reviewer sent back.
    """
    served = _served_number(AnswerRevisionModel.status, AnswerRevisionModel.number, publish)
    choice = (
        select(
            AnswerRevisionModel.answer_id,
            served.label("served"),
            func.max(AnswerRevisionModel.number).label("newest"),
        )
        .where(_of_answers(AnswerRevisionModel.answer_id, slugs))
        .group_by(AnswerRevisionModel.answer_id)
        .subquery()
    )
    newest = aliased(AnswerRevisionModel)
    query = (
        select(AnswerModel.id, AnswerModel.slug, AnswerRevisionModel.metadata_toml, AnswerRevisionModel.status)
        .join(choice, choice.c.answer_id == AnswerModel.id)
        .join(
            AnswerRevisionModel,
            (AnswerRevisionModel.answer_id == AnswerModel.id) & (AnswerRevisionModel.number == choice.c.served),
        )
        .join(newest, (newest.answer_id == AnswerModel.id) & (newest.number == choice.c.newest))
        .where(newest.withdrawn.is_(False))
    )
    found = {
        answer_id: (slug, metadata, reader_status(status))
        for answer_id, slug, metadata, status in (await session.execute(query)).all()
    }
    known = frozenset((await session.execute(select(AnswerModel.slug))).scalars())
    return found, known


def _served_number(
    status: InstrumentedAttribute[str], number: InstrumentedAttribute[int], publish: Publish
) -> ColumnElement[int | None]:
    """Which revision readers get, among a text's (or metadata's) revisions, in the publish mode."""
    approved: ColumnElement[int | None] = func.max(case((status == ReviewState.APPROVED, number)))
    if publish is Publish.APPROVED:
        return approved
    return func.coalesce(func.max(case((status != ReviewState.CHANGES_REQUESTED, number))), func.max(number))


async def _texts(
    session: AsyncSession, publish: Publish, slugs: frozenset[str] | None
) -> tuple[dict[TextKey, _Served], dict[TextKey, int]]:
    """(the revision readers get of each text, the newest approved revision number of each text)."""
    number = TextRevisionModel.number
    approved = func.max(case((TextRevisionModel.status == ReviewState.APPROVED, number)))
    served = _served_number(TextRevisionModel.status, number, publish)
    choice = (
        select(
            TextModel.id.label("text_id"),
            TextModel.answer_id,
            TextModel.locale,
            TextModel.audience,
            served.label("served"),
            approved.label("approved"),
        )
        .join(TextRevisionModel, TextRevisionModel.text_id == TextModel.id)
        .where(_of_answers(TextModel.answer_id, slugs))
        .group_by(TextModel.id, TextModel.answer_id, TextModel.locale, TextModel.audience)
        .subquery()
    )
    query = select(
        choice.c.answer_id,
        choice.c.locale,
        choice.c.audience,
        TextRevisionModel.markdown,
        TextRevisionModel.number,
        TextRevisionModel.status,
        TextRevisionModel.source_revision,
        TextRevisionModel.author_id,
        TextRevisionModel.created_at,
    ).join(choice, (choice.c.text_id == TextRevisionModel.text_id) & (choice.c.served == TextRevisionModel.number))
    texts = {
        (answer_id, locale, audience): _Served(
            markdown=markdown,
            number=revision_number,
            status=status,
            source_revision=source_revision,
            written_on=created_at.date() if author_id is not None else None,
        )
        for answer_id, locale, audience, markdown, revision_number, status, source_revision, author_id, created_at in (
            await session.execute(query)
        ).all()
    }
    newest_approved = select(choice.c.answer_id, choice.c.locale, choice.c.audience, choice.c.approved).where(
        choice.c.approved.is_not(None)
    )
    numbers = {
        (answer_id, locale, audience): approved_number
        for answer_id, locale, audience, approved_number in (await session.execute(newest_approved)).all()
    }
    return texts, numbers


class _Approval(Record):
    on: datetime.date
    by_review: bool
    """False for an import that brought the revision in approved (its date is then `answer.toml`'s)."""
    summary: str | None
    by: Reviewer | None = None
    """The reviewer as recorded at the approval (None for an import, or an approval before profiles)."""


async def _approvals(session: AsyncSession, slugs: frozenset[str] | None) -> dict[tuple[TextKey, int], _Approval]:
    """Every approval in the audit log, by text and revision."""
    query = (
        select(
            AuditEntryModel.answer_id,
            AuditEntryModel.locale,
            AuditEntryModel.audience,
            AuditEntryModel.revision,
            AuditEntryModel.action,
            AuditEntryModel.note,
            AuditEntryModel.created_at,
            AuditEntryModel.reviewer_name,
            AuditEntryModel.reviewer_credential,
            AuditEntryModel.reviewer_role,
        )
        .where(
            AuditEntryModel.to_status == ReviewState.APPROVED,
            AuditEntryModel.action.in_(("review-approve", "import-text")),
            # Texts' approvals: the metadata's (no locale) are not a text's change to show.
            AuditEntryModel.locale.is_not(None),
            _of_answers(AuditEntryModel.answer_id, slugs),
        )
        .order_by(AuditEntryModel.id)
    )
    return {
        ((answer_id, locale or "", audience or ""), revision): _Approval(
            on=created_at.date(),
            by_review=action == "review-approve",
            summary=note,
            by=Reviewer(role=role, name=name, credential=credential) if role is not None else None,
        )
        for answer_id, locale, audience, revision, action, note, created_at, name, credential, role in (
            await session.execute(query)
        ).all()
    }


def _review(
    key: TextKey, served: _Served, approved: dict[TextKey, int], approvals: dict[tuple[TextKey, int], _Approval]
) -> TextReview:
    status = reader_status(served.status)
    approval = approvals.get((key, approved[key])) if status is ReviewStatus.APPROVED and key in approved else None
    source = source_of(key[1], key[2])
    stale, stale_since = False, None
    if source is not None and served.source_revision is not None:
        source_key = (key[0], *source)
        newest = approved.get(source_key)
        if newest is not None and newest > served.source_revision:
            # Every approval is in the audit log (a review's, or the import's that brought it in approved).
            source_approval = approvals.get((source_key, newest))
            stale, stale_since = True, source_approval.on if source_approval is not None else None
    by_review = approval is not None and approval.by_review
    return TextReview(
        status=status,
        reviewed_on=approval.on if approval is not None and by_review else None,
        stale=stale,
        stale_since=stale_since,
        reviewed_by=approval.by if approval is not None and by_review else None,
    )


async def read_store(
    config: SQLAlchemyAsyncConfig,
    publish: Publish = Publish.SUBMITTED,
    *,
    since: FeedPosition | None = None,
    also: frozenset[str] = frozenset(),
) -> StoreContent:
    """Every published answer as the texts readers get, with their reviews, or what changed since `since`.

    Catching up from the position `since`: the answers with audit entries it has not applied, and those
    called `also`.
    """
    async with config.get_session() as session:
        # The log first: a change committed while the content is read is applied again by the next catch-up.
        slugs: frozenset[str] | None = None
        if since is None:
            position = await read_position(session)
        else:
            unapplied_slugs, entries = await unapplied(session, since)
            slugs, position = unapplied_slugs | also, since.advanced(entries)
        answers, known = await _answers(session, publish, slugs)
        texts, approved = await _texts(session, publish, slugs)
        approvals = await _approvals(session, slugs)
        waived = await approved_waivers(session, [key for key, (_, toml, _) in answers.items() if "waivers" in toml])
    by_answer: dict[int, dict[tuple[str, Audience], tuple[str, TextReview, datetime.date | None]]] = defaultdict(dict)
    for key, served in texts.items():
        by_answer[key[0]][key[1], Audience(key[2])] = (
            served.markdown,
            _review(key, served, approved, approvals),
            served.written_on,
        )
    numbers: dict[int, dict[tuple[str, str], tuple[int, int | None]]] = defaultdict(dict)
    for (answer_id, locale, audience), served in texts.items():
        numbers[answer_id][locale, audience] = (served.number, served.source_revision)
    changes: dict[int, list[Change]] = defaultdict(list)
    for ((answer_id, locale, audience), _), approval in approvals.items():
        if approval.by_review:
            changes[answer_id].append(
                Change(on=approval.on, locale=locale, audience=Audience(audience), summary=approval.summary)
            )
    published = []
    for answer_id, (slug, metadata, metadata_status) in sorted(answers.items(), key=lambda item: item[1][0]):
        found = by_answer.get(answer_id, {})
        if any((DEFAULT_LOCALE, audience) not in found for audience in Audience):
            logger.debug("answer %s is not published: an English text has no revision readers may get", slug)
            continue
        published.append(
            AnswerFiles(
                slug=slug,
                shown=shown_folder(slug),
                metadata_text=metadata,
                metadata_status=metadata_status,
                texts={key: markdown for key, (markdown, _, _) in found.items()},
                reviews={key: review for key, (_, review, _) in found.items()},
                changes=tuple(reversed(changes[answer_id])),
                written_on={key: written_on for key, (_, _, written_on) in found.items() if written_on is not None},
                behind=behind(numbers[answer_id]),
                approved_waivers=waived.get(answer_id, frozenset()),
            )
        )
    return StoreContent(position=position, asked=slugs, answers=published, known=known)


@dataclass(frozen=True, kw_only=True)
class StoreSource:
    """The store at `config`'s database."""

    config: SQLAlchemyAsyncConfig
    rules: Gate = field(default_factory=Gate)
    """The rules the store's answers are held to."""
    publish: Publish = Publish.SUBMITTED
    poll_interval: float = 1.0
    """Seconds between two looks at the audit log for changes made by other processes."""
    _served: list[Catalog] = field(default_factory=list)
    """The newest catalog this source made (a list so that the frozen source can keep it): its position
    is what the change feed looks past."""

    @property
    def name(self) -> str:
        """The database, without its password."""
        return self.config.get_engine().url.render_as_string(hide_password=True)

    async def changes(self) -> AsyncIterator[frozenset[str]]:
        """The answers any process changed: notified at once (PostgreSQL), looked for each `poll_interval`."""
        async for slugs in follow(
            self.config, lambda: self._served[0].position if self._served else None, self.poll_interval
        ):
            yield slugs

    async def changed_between(self, after: int, upto: int) -> frozenset[str]:
        """The answers with audit entries in (`after`, `upto`]."""
        async with self.config.get_session() as session:
            return await changed_between(session, after, upto)

    async def gate(self, previous: Catalog | None, only: frozenset[str] | None = None) -> Gated:
        """Read what readers get, then check it on a worker thread: everything, or (with `only`) what changed.

        With `only`, the catalog catches up from `previous`'s position: `only`'s answers and every answer
        with audit entries it has not applied are read again, and the new catalog's position says so. An
        answer read again that is no longer published (withdrawn) leaves the catalog. A database that
        cannot be read changes nothing: the catalog being served stays, at its position.
        """
        since = previous.position if previous is not None and only is not None else None
        partial = since is not None
        try:
            content = await read_store(self.config, self.publish, since=since, also=only or frozenset())
        except (SQLAlchemyError, OSError) as error:
            problem = Problem(file=self.name, line=1, rule=Rule.UNKNOWN_FILE, message=f"cannot read the store: {error}")
            return Gated(
                catalog=previous,
                checked=CheckedContent(readable=False, general=(problem,), findings=(), answers={}),
                held_back=(),
            )
        read = frozenset(files.slug for files in content.answers)
        # A full load starts from the rule results every replica shares (and shares what it computed).
        shared = await shared_rules(self.config) if not partial else None
        cache = self.rules.rule_cache(self.name, shared=shared)
        checked = await anyio.to_thread.run_sync(
            lambda: self.rules.check_answers(
                content.answers,
                cache_name=self.name,
                other_slugs=content.known - read,
                partial=partial,
                cache=cache,
            )
        )
        snapshot = cache.snapshot() if not partial else None
        if snapshot is not None:
            await keep_shared_rules(self.config, snapshot)
        gated = admit(checked, previous=previous, partial=partial, removed=(content.asked or frozenset()) - read)
        if gated.catalog is None or not gated.checked.readable:
            return gated
        caught_up = gated.catalog.at(content.position)
        self._served[:] = [caught_up]
        return msgspec.structs.replace(gated, catalog=caught_up)
