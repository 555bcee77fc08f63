"""Building a rendition's document: pure functions of (answer, choice) and the fallback rules.

For each section the text is looked for along the chains of `service.rendition.fallback`; every
section says which audience and locale it was served from. The HTML page and the JSON document of
an answer are both made from the `AnswerDocument` built here.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Mapping

from markupsafe import escape
from msgspec import UNSET

from service.choice import Choice
from service.content.catalog import Catalog
from service.content.claim_rules import stated_claims
from service.content.claims import markers_in
from service.content.model import (
    DISCLAIMER_SECTION,
    KEY_POINTS_SECTION,
    Answer,
    AnswerMetadata,
    Audience,
    RelatedQuestion,
    ReviewStatus,
    SectionText,
    Variant,
)
from service.content.plain_text import plain_text
from service.content.readability import measure
from service.i18n.labels import N_
from service.i18n.templating import gettext
from service.rendition.blocks import Block
from service.rendition.document import (
    AnswerDocument,
    AnswerList,
    AnswerSummary,
    ApprovalOut,
    ChangeOut,
    CitationOut,
    ReadingLevelOut,
    RelatedOut,
    ReviewOut,
    SectionOut,
    TermOut,
)
from service.rendition.fallback import FallbackRules, find_section
from service.rendition.glossary import MARKED_AUDIENCES, defining_variants, definition, term_words
from service.rendition.markdown import PRACTICE_MARK, TermWords, section_rendering

__all__ = [
    "HrefFor",
    "build_answer",
    "build_answer_list",
    "content_digest",
    "glossary_term",
    "rendition_last_updated",
    "served_variants",
]

HrefFor = Callable[[str], str]
"""Where the answer with a given slug is, in the rendition's own audience, locale and format."""


_REVIEW_ORDER = tuple(ReviewStatus)


def _least_advanced(reviews: list[ReviewOut], board: str | None) -> ReviewOut:
    """The review a page (or a list entry) shows: the least advanced of its texts', dated by the earliest of those."""
    status = min((review.status for review in reviews), key=_REVIEW_ORDER.index, default=ReviewStatus.SUBMITTED)
    dates = [review.reviewed_on for review in reviews if review.status is status and review.reviewed_on is not None]
    return ReviewOut(status=status, board=board, reviewed_on=min(dates, default=None))


def _board(metadata: AnswerMetadata, locales: tuple[str, ...]) -> str | None:
    """The review board's name in the first locale of the chain that names it (one name serves every locale)."""
    board = metadata.review.board
    if isinstance(board, dict):
        return _localized(board, locales)[0] if board else None
    return board


def _metadata_review(metadata: AnswerMetadata) -> ReviewOut:
    """The review of what the metadata puts on a page (the question, related questions, citations)."""
    return ReviewOut(status=metadata.review.status, board=None, reviewed_on=None)


def _localized(texts: Mapping[str, str], locales: tuple[str, ...]) -> tuple[str, str]:
    """The first text along the chain, and its locale; any text at all as a last resort."""
    for locale in locales:
        if locale in texts:
            return texts[locale], locale
    locale, text = next(iter(texts.items()))
    return text, locale


def _level(text: SectionText, variant: Variant) -> ReadingLevelOut | None:
    """A text's reading level as the gate measured it (measured here when it did not)."""
    level = text.reading_level if text.reading_level is not UNSET else measure(plain_text(text.body), variant.locale)
    return ReadingLevelOut(formula=level.formula, score=level.score, smog=level.smog) if level is not None else None


def _rendering(
    answer: Answer, text: SectionText, variant: Variant, *, terms: TermWords = (), section: str = ""
) -> tuple[str, tuple[Block, ...], tuple[str, ...]]:
    """A text's HTML (practice marks in the page's language), blocks and the terms it uses."""
    show_practice = variant.audience is not Audience.FAMILY  # clinicians and nurses see what is practice
    html, tree, used = section_rendering(
        text.body, _claim_sources(answer), show_practice=show_practice, terms=terms, section=section
    )
    if show_practice and PRACTICE_MARK in html:
        html = html.replace(PRACTICE_MARK, _practice_mark())
    return html, tree, used


def _term(glossary: Answer, term: str, locale: str, choice: Choice, rules: FallbackRules) -> TermOut | None:
    """A term's definition as `choice`'s reader gets it beside a text in `locale`."""
    defined = definition(glossary, term, locale, choice.audience, rules)
    if defined is None:
        return None
    text, variant = defined
    html, tree, _ = _rendering(glossary, text, variant)
    listed = glossary.metadata.terms.get(term, {})
    words: dict[str, str] = {}
    for word in (text.title, *listed.get(variant.locale, ())):
        words.setdefault(word.casefold(), word)  # "Platelets" and "platelets" are one word
    return TermOut(
        id=term,
        title=text.title,
        words=list(words.values()),
        served_audience=variant.audience,
        served_locale=variant.locale,
        fallback=(variant.audience, variant.locale) != (choice.audience, choice.locale),
        reading_level=_level(text, variant),
        review=ReviewOut(status=variant.review.status, board=None, reviewed_on=variant.review.reviewed_on),
        stale=variant.review.stale,
        html=html,
        blocks=list(tree),
    )


def glossary_term(catalog: Catalog, term: str, choice: Choice, rules: FallbackRules) -> TermOut | None:
    """The glossary's definition of `term` for `choice` (along the sections' chains); None when there is none."""
    glossary = catalog.glossary
    return _term(glossary, term, choice.locale, choice, rules) if glossary is not None else None


def _section(
    answer: Answer, section_id: str, choice: Choice, rules: FallbackRules, glossary: Answer | None = None
) -> SectionOut | None:
    """A section as `choice`'s reader gets it; with `glossary`, its hard words linked to their definitions."""
    found = find_section(answer, section_id, rules.locales(choice.locale), rules.audiences(choice.audience))
    if found is None:
        return None
    text, variant = found
    words = term_words(glossary, variant.locale, choice.audience, rules) if glossary is not None else ()
    html, tree, used = _rendering(answer, text, variant, terms=words, section=section_id)
    terms = [
        defined
        for term in used
        if glossary is not None and (defined := _term(glossary, term, variant.locale, choice, rules)) is not None
    ]
    review = variant.review
    return SectionOut(
        id=section_id,
        title=text.title,
        served_audience=variant.audience,
        served_locale=variant.locale,
        fallback=(variant.audience, variant.locale) != (choice.audience, choice.locale),
        reading_level=_level(text, variant),
        review=ReviewOut(
            status=review.status,
            board=_board(answer.metadata, rules.locales(choice.locale)),
            reviewed_on=review.reviewed_on,
        ),
        stale=review.stale,
        stale_since=review.stale_since,
        reviewed_by=review.reviewed_by if review.status is ReviewStatus.APPROVED else None,
        html=html,
        blocks=list(tree),
        claims=list(dict.fromkeys(claim_id for marker in markers_in(text.body) for claim_id in marker.ids)),
        terms=terms,
    )


def _practice_mark() -> str:
    """`PRACTICE_MARK` in the language of the page or document being made."""
    words = gettext(N_("general practice"))
    return f'<sup class="practice-mark">{escape(words)}</sup>'


_SOURCES: dict[str, tuple[tuple[str, tuple[int, ...] | str], ...]] = {}
"""The claims' sources of the answer revisions in use (cleared when it holds more than `_SOURCES_KEPT`)."""
_SOURCES_KEPT = 8192


def _claim_sources(answer: Answer) -> tuple[tuple[str, tuple[int, ...] | str], ...]:
    """Where each of the answer's claims comes from, by id: read once per answer revision."""
    found = _SOURCES.get(answer.revision)
    if found is None:
        if len(_SOURCES) >= _SOURCES_KEPT:
            _SOURCES.clear()
        found = tuple(sorted((claim_id, claim.source) for claim_id, claim in stated_claims(answer)[0].items()))
        _SOURCES[answer.revision] = found
    return found


def served_variants(answer: Answer, choice: Choice, rules: FallbackRules) -> list[Variant]:
    """The variants a page for `choice` shows sections of, without building the sections."""
    locales, audiences = rules.locales(choice.locale), rules.audiences(choice.audience)
    found = (find_section(answer, section_id, locales, audiences) for section_id in answer.metadata.page_sections)
    return list({id(served[1]): served[1] for served in found if served is not None}.values())


Shown = set[tuple[str, Audience]]
"""The (locale, audience) of the texts a rendition shows."""


def _glossary_variants(catalog: Catalog, choice: Choice, rules: FallbackRules, shown: Shown) -> list[Variant]:
    """The glossary texts a rendition showing the texts `shown` may take definitions from.

    Those that define some term beside a text in one of the shown locales, whatever terms the page happens
    to use: the date, review and digest of a rendition are then known without rendering it. None for
    clinicians, whose pages explain no words.
    """
    glossary = catalog.glossary
    if glossary is None or choice.audience not in MARKED_AUDIENCES:
        return []
    found = (
        variant
        for locale in sorted({locale for locale, _ in shown})
        for variant in defining_variants(glossary, locale, choice.audience, rules)
    )
    return list({id(variant): variant for variant in found}.values())


def _glossary_reviews(catalog: Catalog, choice: Choice, rules: FallbackRules, shown: Shown) -> list[ReviewOut]:
    """The reviews of the glossary texts a rendition may take definitions from: they count like a section's.

    All of them, not those of the terms a page happens to use, so that a list entry and the manifest (which
    render nothing) say what the page says.
    """
    return [
        ReviewOut(status=variant.review.status, board=None, reviewed_on=variant.review.reviewed_on)
        for variant in _glossary_variants(catalog, choice, rules, shown)
    ]


def _updated(answer: Answer, catalog: Catalog, choice: Choice, rules: FallbackRules, shown: Shown) -> datetime.date:
    """When what a rendition showing the texts `shown` shows last changed: its texts, or the definitions beside."""
    glossary = catalog.glossary
    defining = {(variant.locale, variant.audience) for variant in _glossary_variants(catalog, choice, rules, shown)}
    if glossary is None or not defining:
        return _last_updated(answer, shown)
    return max(_last_updated(answer, shown), _last_updated(glossary, defining))


def _shown(variants: list[Variant]) -> Shown:
    return {(variant.locale, variant.audience) for variant in variants}


def rendition_last_updated(answer: Answer, choice: Choice, rules: FallbackRules, catalog: Catalog) -> datetime.date:
    """When what `choice`'s rendition of `answer` in `catalog` shows last changed (the sitemap's `lastmod`)."""
    return _updated(answer, catalog, choice, rules, _shown(served_variants(answer, choice, rules)))


def _last_updated(answer: Answer, shown: set[tuple[str, Audience]]) -> datetime.date:
    """The latest change among what a rendition shows, given the (locale, audience) of the texts it serves.

    The metadata, and those texts (when they were written, when they were approved); not the answer's other
    texts, which its readers do not see.
    """
    written = (answer.variants[key].written_on for key in shown)
    return max(
        [
            answer.metadata.last_updated,
            *(on for on in written if on is not None),
            *(change.on for change in answer.changes if (change.locale, change.audience) in shown),
        ]
    )


def build_answer(
    answer: Answer, choice: Choice, *, catalog: Catalog, rules: FallbackRules, href_for: HrefFor
) -> AnswerDocument:
    """The answer as served to `choice`."""
    locales = rules.locales(choice.locale)
    metadata = answer.metadata
    question, question_locale = _localized(metadata.question_for(choice.audience), locales)
    # Hard words are explained in the sections nurses and families read, not in the disclaimer.
    glossary = catalog.glossary if choice.audience in MARKED_AUDIENCES else None
    sections = [
        section
        for section_id in (KEY_POINTS_SECTION, *metadata.sections)
        if (section := _section(answer, section_id, choice, rules, glossary)) is not None
    ]
    disclaimer = _section(answer, DISCLAIMER_SECTION, choice, rules)
    if disclaimer is None:
        raise LookupError(f"{answer.slug} has no disclaimer in any fallback for {choice}")
    on_page = [*sections, disclaimer]
    served = {(section.served_locale, section.served_audience) for section in on_page}
    return AnswerDocument(
        slug=answer.slug,
        question=question,
        question_locale=question_locale,
        # The question and the links are on the page too: their review counts like a section's.
        review=_least_advanced(
            [
                *(section.review for section in on_page),
                *_glossary_reviews(catalog, choice, rules, served),
                _metadata_review(metadata),
            ],
            _board(metadata, locales),
        ),
        last_updated=_updated(answer, catalog, choice, rules, served),
        requested_audience=choice.audience,
        requested_locale=choice.locale,
        sections=sections,
        citations=[
            CitationOut(
                number=citation.number,
                description=citation.description,
                authors=list(citation.authors),
                journal=citation.journal,
                year=citation.year,
                pmid=citation.pmid,
                doi=citation.doi,
                url=citation.url,
            )
            for citation in sorted(metadata.citations, key=lambda citation: citation.number)
        ],
        related=[
            shown
            for related in metadata.related
            if related.shown_to(choice.audience)
            and (shown := _related(related, choice.audience, catalog, locales, href_for)) is not None
        ],
        disclaimer=disclaimer,
        changes=[
            ChangeOut(on=change.on, audience=change.audience, locale=change.locale, summary=change.summary)
            for change in answer.changes
            if (change.locale, change.audience) in served
        ],
        approvals=_approvals(answer, on_page),
    )


def _approvals(answer: Answer, on_page: list[SectionOut]) -> list[ApprovalOut]:
    """Who approved each text the page shows, and when: one entry per text, in the order the texts appear."""
    shown = dict.fromkeys((section.served_locale, section.served_audience) for section in on_page)
    approvals = []
    for locale, audience in shown:
        review = answer.variants[locale, audience].review
        if review.status is ReviewStatus.APPROVED and review.reviewed_on is not None:
            approvals.append(
                ApprovalOut(
                    audience=audience, locale=locale, reviewed_on=review.reviewed_on, reviewed_by=review.reviewed_by
                )
            )
    return approvals


def _related(
    related: RelatedQuestion, audience: Audience, catalog: Catalog, locales: tuple[str, ...], href_for: HrefFor
) -> RelatedOut | None:
    """A related entry as shown: a link to an answer being served, its question as `audience` reads it.

    None for a question with no answer (a reader could not follow it) and for a link to an answer that is
    not being served (held back by the gate, or withdrawn).
    """
    target = catalog.answer(related.slug) if related.slug is not None else None
    if target is None:
        return None
    text, locale = _localized(target.metadata.question_for(audience), locales)
    return RelatedOut(question=text, question_locale=locale, slug=target.slug, href=href_for(target.slug))


def build_answer_list(
    catalog: Catalog, choice: Choice, *, rules: FallbackRules, href_for: HrefFor, only: frozenset[str] | None = None
) -> AnswerList:
    """Every answer's question, status and date (or those of the answers called `only`), for `choice`."""
    locales = rules.locales(choice.locale)
    summaries = []
    answers = (
        catalog.answers.values()
        if only is None
        else (catalog.answers[slug] for slug in sorted(only) if slug in catalog.answers)
    )
    for answer in answers:
        served = served_variants(answer, choice, rules)
        shown = _shown(served)
        question, question_locale = _localized(answer.metadata.question_for(choice.audience), locales)
        summaries.append(
            AnswerSummary(
                slug=answer.slug,
                question=question,
                question_locale=question_locale,
                review=_least_advanced(
                    [
                        *(
                            ReviewOut(status=variant.review.status, board=None, reviewed_on=variant.review.reviewed_on)
                            for variant in served
                        ),
                        *_glossary_reviews(catalog, choice, rules, shown),
                        _metadata_review(answer.metadata),
                    ],
                    _board(answer.metadata, locales),
                ),
                last_updated=_updated(answer, catalog, choice, rules, shown),
                href=href_for(answer.slug),
            )
        )
    return AnswerList(audience=choice.audience, locale=choice.locale, answers=summaries)


def content_digest(answer: Answer, choice: Choice, *, catalog: Catalog, rules: FallbackRules) -> str:
    """A digest of everything `choice`'s rendition of `answer` shows, without building it.

    The metadata, the variants its sections are served from (text, review, approvals) and the
    questions of the answers it links to: an approval of the family text changes the family pages'
    digest, not the nurses'.
    """
    digest = hashlib.blake2b(answer.metadata_revision.encode(), digest_size=12)
    served = served_variants(answer, choice, rules)
    for revision in sorted(variant.revision for variant in served):
        digest.update(b"\0" + revision.encode())
    for related in answer.metadata.related:
        target = catalog.answer(related.slug) if related.slug is not None else None
        digest.update(b"\0" + (target.metadata_revision if target is not None else "-").encode())
    glossary = catalog.glossary
    shown = _glossary_variants(catalog, choice, rules, _shown(served))
    if glossary is not None and shown:
        # The words a text marks come from the glossary's metadata; the definitions from its texts.
        digest.update(b"\0glossary\0" + glossary.metadata_revision.encode())
        for variant in shown:
            digest.update(b"\0" + variant.revision.encode())
    return digest.hexdigest()
