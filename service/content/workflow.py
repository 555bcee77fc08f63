"""The review workflow in one table: a revision's states, the decisions that move it, what readers are told.

A revision (of a text, or of an answer's metadata) starts `submitted`; a reviewer starts the review,
then approves it or sends it back. Nobody approves what they wrote, and `still-accurate` (confirming
that a stale revision still says what its source says) moves nothing. Readers are told three states
only: a sent-back revision, served when its text has no other, is to them still in review.

The store, the editorial API and pages, and the coverage map all take the states and decisions from
here, so a new state or decision is added in one place.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

from service.content.model import ReviewStatus

__all__ = ["TRANSITIONS", "ReviewDecision", "ReviewState", "allowed_decisions", "reader_status"]


class ReviewState(StrEnum):
    """Where one revision is in its review, as the store records it."""

    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"


class ReviewDecision(StrEnum):
    """What a reviewer decides about a revision."""

    START = "start"
    APPROVE = "approve"
    REQUEST_CHANGES = "request-changes"
    STILL_ACCURATE = "still-accurate"
    """A stale revision still says what its source's newest approved revision says; its state does not change."""


TRANSITIONS = MappingProxyType(
    {
        ReviewState.SUBMITTED: MappingProxyType({ReviewDecision.START: ReviewState.UNDER_REVIEW}),
        ReviewState.UNDER_REVIEW: MappingProxyType(
            {
                ReviewDecision.APPROVE: ReviewState.APPROVED,
                ReviewDecision.REQUEST_CHANGES: ReviewState.CHANGES_REQUESTED,
            }
        ),
        ReviewState.CHANGES_REQUESTED: MappingProxyType({}),
        ReviewState.APPROVED: MappingProxyType({}),
    }
)
"""Each state's decisions and the state each one leads to; a state with none is where a revision rests."""

_READER_STATUS = MappingProxyType(
    {
        ReviewState.SUBMITTED: ReviewStatus.SUBMITTED,
        ReviewState.UNDER_REVIEW: ReviewStatus.UNDER_REVIEW,
        ReviewState.CHANGES_REQUESTED: ReviewStatus.UNDER_REVIEW,
        ReviewState.APPROVED: ReviewStatus.APPROVED,
    }
)


def reader_status(state: str) -> ReviewStatus:
    """What readers are told of a revision in `state` (as the store spells it)."""
    return _READER_STATUS[ReviewState(state)]


def allowed_decisions(state: str, *, stale: bool, wrote_it: bool) -> list[ReviewDecision]:
    """The decisions a reviewer may take now on a revision in `state` (none that publishes what they wrote)."""
    allowed = [
        decision
        for decision in TRANSITIONS[ReviewState(state)]
        if not (decision is ReviewDecision.APPROVE and wrote_it)
    ]
    return [*allowed, ReviewDecision.STILL_ACCURATE] if stale and not wrote_it else allowed
