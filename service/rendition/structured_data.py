"""What a page says about itself for machines: a schema.org `MedicalWebPage`, as JSON-LD in the page's head.

Made from the same `AnswerDocument` as the page, and holding nothing the page does not show: the question,
the version (its audience) and language, the date of the last change, who reviewed its texts and when (a
reviewer not named publicly is left out, as the page names nobody), the sources, the version it is written
from, and the publisher.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from service.content.model import DEFAULT_LOCALE, Audience
from service.rendition.document import AnswerDocument

__all__ = ["AUDIENCE_TYPES", "PUBLISHER", "medical_web_page"]

PUBLISHER = "Tailor"
"""The publisher's name, as every page's header shows it."""
AUDIENCE_TYPES = {Audience.CLINICIAN: "Clinician", Audience.NURSE: "Nurse", Audience.FAMILY: "Patient"}
"""schema.org's `MedicalAudienceType` for clinicians and families; nurses, which it has no member for, by name."""


def medical_web_page(document: AnswerDocument, *, url: str, absolute: Callable[[str], str]) -> dict[str, Any]:
    """The JSON-LD object of `document`'s page at `url`; `absolute` makes a site path a link."""
    languages = list(dict.fromkeys(section.served_locale for section in document.sections))
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": url,
        "name": document.question,
        "inLanguage": languages[0] if len(languages) == 1 else languages,
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": AUDIENCE_TYPES[document.requested_audience]},
        "dateModified": document.last_updated.isoformat(),
        "publisher": {"@type": "Organization", "name": PUBLISHER},
    }
    if document.review.reviewed_on is not None and document.review.status.value == "approved":
        page["lastReviewed"] = document.review.reviewed_on.isoformat()
    reviewers = [
        {"@type": "Person", "name": who.name, **({"jobTitle": who.credential} if who.credential else {})}
        for approval in document.approvals
        if (who := approval.reviewed_by) is not None and who.name is not None
    ]
    if reviewers:
        page["reviewedBy"] = reviewers[0] if len(reviewers) == 1 else reviewers
    if document.based_on is not None:
        page["isBasedOn"] = absolute(document.based_on)
    if document.citations:
        page["citation"] = [
            {
                "@type": "CreativeWork",
                "name": citation.description,
                "inLanguage": DEFAULT_LOCALE,  # descriptions are written in the default locale, as the page marks them
                **({"url": citation.url} if citation.url else {}),
            }
            for citation in document.citations
        ]
    return page
