"""What pages and renditions are built from: settings, the live catalog, the templates and the fallback rules."""

from __future__ import annotations

import math
import re

import msgspec

from service.choice import Choice
from service.content.catalog import Catalog
from service.content.live import LiveCatalog
from service.content.model import DEFAULT_LOCALE, SLUG_PATTERN, Answer, Audience
from service.errors import NotFound, TailorError, UnknownAnswer
from service.i18n.labels import AUDIENCE_EXPLANATIONS, AUDIENCE_LABELS, AUDIENCE_READERS, REVIEW_STEPS
from service.i18n.locale_names import endonym
from service.i18n.templating import Pages
from service.rendition import urls
from service.rendition.build import HrefFor, build_answer, build_answer_list, content_digest
from service.rendition.document import AnswerDocument, AnswerList, AnswerPage
from service.rendition.fallback import FallbackRules
from service.settings import Settings
from service.structs import Record

__all__ = ["FeedbackForm", "Site"]

_SLUG = re.compile(SLUG_PATTERN)


class FeedbackForm(Record):
    """The fields of a reader's feedback form, as a page fills them in."""

    slug: str
    revision: str
    kind: str
    section: str | None
    message: str
    contact: str


class Site:
    """The application's shared parts and the operations handlers and renditions build on."""

    def __init__(self, settings: Settings, live: LiveCatalog, pages: Pages) -> None:
        """Wire settings, the live catalog and the templates together."""
        self.settings = settings
        self.live = live
        self.pages = pages
        self.cache_control = settings.canonical_cache_control.encode()
        """Cache-Control of every canonical URL, ready to send."""
        self.rules = FallbackRules(default_locale=settings.default_locale, audience_fallback=settings.audience_fallback)

    def absolute(self, path: str) -> str:
        """`path` as links to it are written: absolute under the public URL when one is configured."""
        return f"{self.settings.public_url}{path}" if self.settings.public_url else path

    def answer(self, slug: str, catalog: Catalog) -> Answer:
        """The answer called `slug`, or a 404."""
        answer = catalog.answer(slug) if _SLUG.match(slug) else None
        if answer is None:
            raise UnknownAnswer(slug)
        return answer

    @staticmethod
    def href_for(choice: Choice, *, for_api: bool) -> HrefFor:
        """Links between answers stay in the same choice and the same format (page or JSON)."""
        if for_api:
            return lambda slug: urls.api_answer_path(choice, slug)
        return lambda slug: urls.answer_path(choice, slug)

    def answer_document(self, answer: Answer, choice: Choice, catalog: Catalog, *, for_api: bool) -> AnswerDocument:
        """The answer for `choice`."""
        href_for = self.href_for(choice, for_api=for_api)
        document = build_answer(answer, choice, catalog=catalog, rules=self.rules, href_for=href_for)
        source = self.source_of(choice)
        if source is None:
            return document
        return msgspec.structs.replace(document, based_on=self.href_for(source, for_api=for_api)(answer.slug))

    def source_of(self, choice: Choice) -> Choice | None:
        """The version `choice`'s is written from: the clinician one, in the same locale, else the default one."""
        if choice.audience is not Audience.CLINICIAN:
            return Choice(audience=Audience.CLINICIAN, locale=choice.locale)
        if choice.locale != self.settings.default_locale:
            return Choice(audience=Audience.CLINICIAN, locale=self.settings.default_locale)
        return None

    def answer_list(
        self, choice: Choice, catalog: Catalog, *, for_api: bool, only: frozenset[str] | None = None
    ) -> AnswerList:
        """Every answer (or those called `only`) for `choice`."""
        href_for = self.href_for(choice, for_api=for_api)
        return build_answer_list(catalog, choice, rules=self.rules, href_for=href_for, only=only)

    @staticmethod
    def require_page(catalog: Catalog, page: int, page_size: int) -> int:
        """How many pages the list has; a page past the last is a 404 (the first always exists, if empty)."""
        pages = max(1, math.ceil(len(catalog) / page_size))
        if page > pages:
            raise NotFound()
        return pages

    def answer_page(self, choice: Choice, catalog: Catalog, *, page: int, page_size: int, for_api: bool) -> AnswerPage:
        """One page of the answer list, in slug order."""
        slugs = list(catalog.answers)
        pages = self.require_page(catalog, page, page_size)
        chosen = frozenset(slugs[(page - 1) * page_size : page * page_size])
        listing = self.answer_list(choice, catalog, for_api=for_api, only=chosen)
        return AnswerPage(
            audience=choice.audience,
            locale=choice.locale,
            answers=listing.answers,
            total=len(slugs),
            page=page,
            page_size=page_size,
            pages=pages,
        )

    def locale_choices(self) -> list[tuple[str, str]]:
        """Each supported locale with its own name for itself, as language controls list them."""
        return [(tag, endonym(tag)) for tag in self.settings.supported_locales]

    def page_context(self, choice: Choice, current_path: str) -> dict[str, object]:
        """What every page's chrome needs: the choice, the selector, the language switcher."""
        return {
            "choice": choice,
            "current_path": current_path,
            "audiences": [(audience, AUDIENCE_LABELS[audience]) for audience in Audience],
            "readers": AUDIENCE_READERS,
            "review_steps": list(REVIEW_STEPS.items()),
            "locales": self.locale_choices(),
            "index_href": urls.index_path(choice),
            "policy_href": self.settings.editorial_policy_url or urls.policy_path(choice),
            "follow_up_href": self.settings.follow_up_url or urls.index_path(choice),
            # Citation descriptions are written once, in the default locale.
            "citation_locale": DEFAULT_LOCALE,
        }

    def feedback_form(
        self,
        answer: Answer,
        choice: Choice,
        catalog: Catalog,
        *,
        section: str | None = None,
        message: str = "",
        contact: str = "",
    ) -> FeedbackForm | None:
        """What a feedback form about `answer` carries; None where no store keeps what readers send.

        Its revision is the digest of what this reader's page shows: a change to another version of the
        answer neither changes the page nor tells reviewers that this reader saw something else.
        """
        if self.settings.database_url is None:
            return None
        return FeedbackForm(
            slug=answer.slug,
            revision=content_digest(answer, choice, catalog=catalog, rules=self.rules),
            kind="problem" if section else "question",
            section=section,
            message=message,
            contact=contact,
        )

    def chooser_page(self, choice: Choice, next_path: str, current_path: str) -> str:
        """The chooser in the choice's locale, continuing to `next_path` once the reader has chosen."""
        return self.pages.render(
            "choose.html",
            choice.locale,
            next_path=next_path,
            explanations=AUDIENCE_EXPLANATIONS,
            **self.page_context(choice, current_path),
        )

    def error_page(self, error: TailorError, choice: Choice, current_path: str) -> str:
        """A localized error page."""
        return self.pages.render("error.html", choice.locale, error=error, **self.page_context(choice, current_path))

    def editorial_error_page(self, error: TailorError, locale: str, current_path: str) -> str:
        """An error under /editorial: an editorial page in the editor's language, with the way back to the queue.

        Never the reader's page of the text's language: an editor opening the Spanish text must still be
        able to read what went wrong and get back to work.
        """
        return self.pages.render(
            "editorial_error.html",
            locale,
            error=error,
            editor=None,
            csrf_token="",
            current_path=current_path,
            interface_locales=self.locale_choices(),
        )
