"""The tables of the store. Rows are only ever added: a change is a new revision, never an update.

An answer has metadata revisions (its `answer.toml`) and one text per locale × audience, each with its
own revisions and its own review status. The audit log records every write and decision. Nothing here
is specific to one engine: the same models and migrations serve SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib

from advanced_alchemy.base import BigIntAuditBase, BigIntBase
from advanced_alchemy.extensions.litestar.session import SessionModelMixin
from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.content.workflow import ReviewState

__all__ = [
    "AnswerModel",
    "AnswerRevisionModel",
    "AuditEntryModel",
    "EditorialSessionModel",
    "FeedbackModel",
    "RateLimitModel",
    "RuleCacheModel",
    "TextModel",
    "TextRevisionModel",
    "UserModel",
    "WriteLockModel",
    "digest_of",
]


def digest_of(text: str) -> str:
    """The SHA-256 of a stored text, as revisions keep it (`digest`): equal files, equal digests."""
    return hashlib.sha256(text.encode()).hexdigest()


class AnswerModel(BigIntAuditBase):
    """An answer, named by its slug for ever."""

    __tablename__ = "answers"

    slug: Mapped[str] = mapped_column(String(120), unique=True)


class AnswerRevisionModel(BigIntAuditBase):
    """One version of an answer's metadata (`answer.toml` as written), numbered from 1."""

    __tablename__ = "answer_revisions"
    __table_args__ = (UniqueConstraint("answer_id", "number"),)

    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"))
    number: Mapped[int] = mapped_column(Integer)
    metadata_toml: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    """SHA-256 of `metadata_toml`: an import that brings the same file adds no revision."""
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    """A withdrawal is a revision too: the answer stops being served, its history stays."""
    status: Mapped[str] = mapped_column(String(24), default=ReviewState.SUBMITTED.value)
    """Reviewed like a text (`submitted`, `under_review`, `approved`, `changes_requested`): the question and
    related questions are medical text, the citations and board what readers trust. A withdrawal or a
    restore copies the status of the revision it copies."""
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    """Who wrote it; None for revisions that `tailor import` brought in."""


class TextModel(BigIntAuditBase):
    """The text of one answer for one locale and audience."""

    __tablename__ = "texts"
    __table_args__ = (UniqueConstraint("answer_id", "locale", "audience"),)

    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"))
    locale: Mapped[str] = mapped_column(String(35))
    audience: Mapped[str] = mapped_column(String(16))


class TextRevisionModel(BigIntAuditBase):
    """One version of a text (its whole Markdown file), numbered from 1, with its own review status."""

    __tablename__ = "text_revisions"
    __table_args__ = (UniqueConstraint("text_id", "number"),)

    text_id: Mapped[int] = mapped_column(ForeignKey("texts.id"))
    number: Mapped[int] = mapped_column(Integer)
    markdown: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    """SHA-256 of `markdown`."""
    status: Mapped[str] = mapped_column(String(24))
    """`submitted`, `under_review`, `approved` or `changes_requested`."""
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    """Who wrote it; None for revisions that `tailor import` brought in."""
    source_revision: Mapped[int | None] = mapped_column(Integer, default=None)
    """The revision number of the source text it was written against (nurse and family texts: the
    clinician text of the same locale; other locales' clinician texts: the English one)."""


class AuditEntryModel(BigIntAuditBase):
    """One write or decision, as it happened. Append-only: nothing updates or deletes these rows."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_answer_id", "answer_id"),)

    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"))
    actor: Mapped[str] = mapped_column(String(120))
    """Who did it: a user's name, or `import` for `tailor import`."""
    action: Mapped[str] = mapped_column(String(40))
    """What: `import-metadata`, `import-text`, …"""
    locale: Mapped[str | None] = mapped_column(String(35), default=None)
    audience: Mapped[str | None] = mapped_column(String(16), default=None)
    revision: Mapped[int] = mapped_column(Integer)
    """The revision number the action created or decided on."""
    from_status: Mapped[str | None] = mapped_column(String(24), default=None)
    """The state before a decision; None for writes and imports, which start a revision."""
    to_status: Mapped[str | None] = mapped_column(String(24), default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    reviewer_name: Mapped[str | None] = mapped_column(String(120), default=None)
    """An approval's reviewer as readers see them, as they were then: their display name (None: by role)."""
    reviewer_credential: Mapped[str | None] = mapped_column(String(200), default=None)
    reviewer_role: Mapped[str | None] = mapped_column(String(16), default=None)
    """The approving user's role then: what readers are told when the reviewer is not named."""


class UserModel(BigIntAuditBase):
    """Someone who writes or reviews: a name, a role, and the hash of their API token."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    """`author`, `reviewer` or `admin`."""
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 of the token. Tokens are 256 random bits, so a fast hash is enough; the token itself is
    shown once, when the user is added, and never stored."""
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    """Argon2 hash of the password for the editorial pages (`tailor users set-password`); None: no password,
    the user signs API requests with their token only."""
    display_name: Mapped[str | None] = mapped_column(String(120), default=None)
    """The name readers see on what this user approves ("Ana Ruiz"); None: they are shown by role."""
    credential: Mapped[str | None] = mapped_column(String(200), default=None)
    """The line after the name ("RN, paediatric oncology")."""
    named_publicly: Mapped[bool] = mapped_column(Boolean, default=True)
    """False: readers are told the role of the reviewer, never the name or credential."""


class EditorialSessionModel(SessionModelMixin):
    """A signed-in editor's session on the editorial pages, kept in the store so that every replica knows it.

    Advanced Alchemy's session backend reads and writes these rows; the data is Litestar's session (the
    user's id and when they signed in).
    """

    __tablename__ = "editorial_sessions"


class RuleCacheModel(BigIntAuditBase):
    """The rule results of the newest full load, shared by every replica so that a new one starts warm.

    A cache, not a record: replaced whole by each full load that had to compute something.
    """

    __tablename__ = "rule_cache"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    """`RuleCache.snapshot()`: msgpack of the results by digest."""


class FeedbackModel(BigIntAuditBase):
    """What a reader sent from an answer: a question it left open, or a problem with one of its sections."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_answer_id", "answer_id"),)

    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"))
    kind: Mapped[str] = mapped_column(String(16))
    """`question` or `problem`."""
    section: Mapped[str | None] = mapped_column(String(64), default=None)
    """The section a problem is about; None for the whole answer."""
    audience: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(35))
    revision: Mapped[str] = mapped_column(String(64))
    """The revision of the answer the reader was shown (`X-Content-Revision` of that page)."""
    message: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200), default=None)
    """How to reach the reader, if they left a way; None otherwise."""


class WriteLockModel(BigIntBase):
    """One row that every editorial write transaction updates first, so that writes happen one at a time.

    An UPDATE locks the row on PostgreSQL and takes the database's write lock on SQLite: either way the
    next writer waits, and reads the store only once the previous one committed. No engine's own lock
    (PostgreSQL's advisory locks, SQLite's `BEGIN IMMEDIATE`) is named in the code.
    """

    __tablename__ = "write_lock"

    writes: Mapped[int] = mapped_column(Integer, default=0)
    """How many write transactions have taken the lock (the update needs something to change)."""


class RateLimitModel(BigIntBase):
    """Where one rate limit stands (sign-in attempts of an address or an account, feedback of an address).

    Kept in the store so that every worker and every replica counts against the same limit. The
    generic cell rate algorithm needs one number per key: the time its next request is due.
    """

    __tablename__ = "rate_limits"
    __table_args__ = (Index("ix_rate_limits_due", "due"),)

    key: Mapped[str] = mapped_column(String(200), unique=True)
    """What is limited, e.g. `sign-in-address:203.0.113.7`."""
    due: Mapped[float] = mapped_column(Float)
    """Unix time at which the key is back to an empty allowance (its theoretical arrival time)."""
