"""User-interface words that code chooses between (audiences, review steps, problems).

They are marked with `N_` so that `pybabel extract` finds them, and translated where they are shown,
in the reader's locale.
"""

from __future__ import annotations

from service.content.model import Audience, ReviewStatus

__all__ = ["AUDIENCE_LABELS", "AUDIENCE_READERS", "N_", "REVIEW_STEPS"]


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for translation without translating it here."""
    return message


AUDIENCE_LABELS: dict[Audience, str] = {
    Audience.CLINICIAN: N_("Physician or clinician"),
    Audience.NURSE: N_("Nurse or allied health professional"),
    Audience.FAMILY: N_("Patient, parent or family member"),
}
"""What the "Which best describes you?" selector says for each audience."""

AUDIENCE_READERS: dict[Audience, str] = {
    Audience.CLINICIAN: N_("clinicians"),
    Audience.NURSE: N_("nurses"),
    Audience.FAMILY: N_("families"),
}
"""Who each audience's texts are written for, as fallback notes name them."""

REVIEW_STEPS: dict[ReviewStatus, str] = {
    ReviewStatus.SUBMITTED: N_("Submitted"),
    ReviewStatus.UNDER_REVIEW: N_("Under review"),
    ReviewStatus.APPROVED: N_("Approved"),
}
"""The review tracker's steps, in order."""
