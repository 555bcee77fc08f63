"""User-interface words that code chooses between (audiences, review steps, problems).

They are marked with `N_` so that `pybabel extract` finds them, and translated where they are shown,
in the reader's locale.
"""

from __future__ import annotations

from service.content.model import Audience, ReviewStatus

__all__ = [
    "AUDIENCE_EXPLANATIONS",
    "AUDIENCE_LABELS",
    "AUDIENCE_READERS",
    "CLAIM_KIND_LABELS",
    "DECISIONS",
    "DONE",
    "N_",
    "PARITY_LABELS",
    "REVIEWER_ROLES",
    "REVIEW_STEPS",
    "TEXT_STATUSES",
]


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for translation without translating it here."""
    return message


AUDIENCE_LABELS: dict[Audience, str] = {
    Audience.CLINICIAN: N_("Physician or clinician"),
    Audience.NURSE: N_("Nurse or allied health professional"),
    Audience.FAMILY: N_("Patient, parent or family member"),
}
"""What the "Which best describes you?" selector says for each audience."""

AUDIENCE_EXPLANATIONS: dict[Audience, str] = {
    Audience.CLINICIAN: N_("The full clinical detail: evidence, doses and references."),
    Audience.NURSE: N_("Practical care: what to give, what to watch for, when to act."),
    Audience.FAMILY: N_("Plain words about what happens and what you can do."),
}
"""One line under each option of the chooser, saying what that version is like."""

AUDIENCE_READERS: dict[Audience, str] = {
    Audience.CLINICIAN: N_("clinicians"),
    Audience.NURSE: N_("nurses"),
    Audience.FAMILY: N_("families"),
}
"""Who each audience's texts are written for, as fallback notes name them."""

REVIEWER_ROLES: dict[str, str] = {
    "reviewer": N_("a medical reviewer of the editorial team"),
    "admin": N_("an editor of the editorial team"),
    "author": N_("an author of the editorial team"),
}
"""Who approved a text, for reviewers who are not named publicly: "Reviewed by … on …"."""

REVIEW_STEPS: dict[ReviewStatus, str] = {
    ReviewStatus.SUBMITTED: N_("Submitted"),
    ReviewStatus.UNDER_REVIEW: N_("Under review"),
    ReviewStatus.APPROVED: N_("Approved"),
}
"""The review tracker's steps, in order."""

TEXT_STATUSES: dict[str, str] = {
    "submitted": N_("Submitted"),
    "under_review": N_("Under review"),
    "approved": N_("Approved"),
    "changes_requested": N_("Changes requested"),
}
"""A text revision's review status, as the editorial pages name it."""

DECISIONS: dict[str, str] = {
    "start": N_("Start review"),
    "approve": N_("Approve"),
    "request-changes": N_("Request changes"),
    "still-accurate": N_("Still accurate"),
}
"""The buttons of review decisions."""

DONE: dict[str, str] = {
    "saved": N_("Saved as a new revision. It waits for a reviewer."),
    "start": N_("Review started."),
    "approve": N_("Approved. Readers now get this revision."),
    "request-changes": N_("Changes requested. The author will find the text in the queue."),
    "still-accurate": N_("Confirmed: the text still matches its source."),
}
"""What the editorial pages say after a write or a decision succeeded."""

CLAIM_KIND_LABELS: dict[str, str] = {
    "dose": N_("dose"),
    "red-flag": N_("red flag"),
    "contraindication": N_("contraindication"),
    "prognosis": N_("prognosis"),
    "key-fact": N_("key fact"),
}
"""What kind of fact a claim is, as the editorial pages name it."""

PARITY_LABELS: dict[str, str] = {
    "carried": N_("Carried"),
    "waived": N_("Waived"),
    "missing": N_("Missing"),
    "stale": N_("Stale: written before the claim"),
}
"""How a text carries a claim, in words (the parity page's colours say it again, never alone)."""
