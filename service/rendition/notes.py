"""What a reader is told about a section and a page, in their language, for the page and the JSON alike.

One home, so that an app shows the same words the web does:

- a fallback note when a section is served from another audience's or locale's text;
- a stale note when the text it is written from was updated and approved since;
- a pending-review note when the page mixes reviewed and unreviewed texts;
- the page's own words: the selector's question and options, the review tracker, the banner, headings.

Everything here translates in the locale of the document being made (`Pages.in_locale`).
"""

from __future__ import annotations

import msgspec

from service.content.locale_tags import language_of
from service.content.model import DISCLAIMER_SECTION, Audience, ReviewStatus
from service.i18n.labels import AUDIENCE_LABELS, AUDIENCE_READERS, N_, REVIEW_STEPS
from service.i18n.templating import gettext, language, long_date
from service.rendition.document import AnswerDocument, AnswerLabels, NoteOut, ReviewStep, SectionOut

__all__ = ["answer_labels", "mixed_review", "page_notes", "section_notes", "with_words"]

# The same words as the answer page's review line, so that an app says what the web says.
PENDING_BANNER = N_("This content is pending human review: for education only, use it with caution.")


def mixed_review(document: AnswerDocument) -> bool:
    """Whether the page's sections come from texts in different review states."""
    return len({section.review.status for section in document.sections}) > 1


# What a fallback note says, by (another audience, another language), for a part and for a whole page:
# a page that falls back as a whole says "this page", so that no reader takes it for one part.
_FALLBACKS = {
    (True, True): (
        N_(
            "This part is not yet written for %(requested)s in %(language)s. You are reading the version for "
            "%(served)s, in %(served_language)s."
        ),
        N_(
            "This page is not yet written for %(requested)s in %(language)s. You are reading the version for "
            "%(served)s, in %(served_language)s."
        ),
    ),
    (True, False): (
        N_("This part is not yet written for %(requested)s. You are reading the version for %(served)s."),
        N_("This page is not yet written for %(requested)s. You are reading the version for %(served)s."),
    ),
    (False, True): (
        N_("This part is not yet available in %(language)s. It is shown in %(served_language)s."),
        N_("This page is not yet written in %(language)s. It is shown in %(served_language)s."),
    ),
}


def _fallback(section: SectionOut, document: AnswerDocument, *, page: bool = False) -> str:
    other_audience = section.served_audience != document.requested_audience
    other_locale = section.served_locale != document.requested_locale
    # Same audience means another language (else there would be nothing to say): the language's message.
    part, whole = _FALLBACKS[other_audience, other_locale or not other_audience]
    return gettext(whole if page else part) % {
        "requested": gettext(AUDIENCE_READERS[document.requested_audience]),
        "served": gettext(AUDIENCE_READERS[section.served_audience]),
        "language": language(document.requested_locale),
        "served_language": language(section.served_locale),
    }


def _worth_saying(section: SectionOut, document: AnswerDocument) -> tuple[str, str] | None:
    """Where a section falls back from, when a reader should be told it.

    Not when only the region differs (Spanish for a Mexican Spanish reader, same audience): that says
    nothing a reader needs to know, on every page.
    """
    if not section.fallback:
        return None
    regional = section.served_audience == document.requested_audience and section.served_locale == language_of(
        document.requested_locale
    )
    return None if regional else (section.served_audience.value, section.served_locale)


def _one_for_the_page(document: AnswerDocument) -> bool:
    """Whether every section falls back the same way: then it is said once, at the top."""
    ways = {_worth_saying(section, document) for section in (*document.sections, document.disclaimer)}
    return len(ways) == 1 and None not in ways


def page_notes(document: AnswerDocument) -> list[NoteOut]:
    """What the reader is told once for the whole page."""
    if not _one_for_the_page(document):
        return []
    return [NoteOut(kind="fallback", text=_fallback(document.disclaimer, document, page=True))]


def section_notes(section: SectionOut, document: AnswerDocument, *, mixed: bool) -> list[NoteOut]:
    """What the reader is told about `section`, in order (of the disclaimer, only where it comes from).

    A fallback is said here only when sections differ (else `page_notes` says it once) and only when
    more than the region differs.
    """
    notes = []
    if _worth_saying(section, document) is not None and not _one_for_the_page(document):
        notes.append(NoteOut(kind="fallback", text=_fallback(section, document)))
    if section.id == DISCLAIMER_SECTION:
        return notes
    if section.stale and section.stale_since is not None:
        if section.served_audience is Audience.CLINICIAN:
            message = N_(
                "The original version of this part was updated on %(date)s; this translation is being brought up to "
                "date."
            )
        else:
            message = N_(
                "The clinicians' version of this part was updated on %(date)s; this version is being brought up to "
                "date."
            )
        notes.append(NoteOut(kind="stale", text=gettext(message) % {"date": long_date(section.stale_since)}))
    if mixed and section.review.status is not ReviewStatus.APPROVED:
        notes.append(NoteOut(kind="review", text=gettext(N_("This part is pending human review."))))
    return notes


def answer_labels(document: AnswerDocument) -> AnswerLabels:
    """The page's words for `document`, in the locale being made."""
    return AnswerLabels(
        audience_prompt=gettext(N_("Which best describes you?")),
        audiences={audience: gettext(label) for audience, label in AUDIENCE_LABELS.items()},
        review_heading=gettext(N_("Article review status")),
        review_steps=[ReviewStep(status=status, label=gettext(label)) for status, label in REVIEW_STEPS.items()],
        pending_review=gettext(PENDING_BANNER) if document.review.status is not ReviewStatus.APPROVED else None,
        last_updated=gettext(N_("Last updated:")),
        references=gettext(N_("References")),
        related=gettext(N_("Related questions")),
        changes=gettext(N_("Changes to this answer")),
    )


def with_words(document: AnswerDocument) -> AnswerDocument:
    """`document` with its notes and the page's words, for an app (in the locale being made)."""
    mixed = mixed_review(document)

    def noted(section: SectionOut) -> SectionOut:
        return msgspec.structs.replace(section, notes=section_notes(section, document, mixed=mixed))

    return msgspec.structs.replace(
        document,
        notes=page_notes(document),
        sections=[noted(section) for section in document.sections],
        disclaimer=noted(document.disclaimer),
        labels=answer_labels(document),
    )
