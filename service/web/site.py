"""What every handler needs: settings, the catalog, the templates, and the checks on request values."""

from __future__ import annotations

import re
from typing import Any, TypeAlias, cast

from litestar import Request
from litestar.di import NamedDependency

from service.content.catalog import Catalog
from service.content.model import DEFAULT_LOCALE, SLUG_PATTERN, Answer, Audience
from service.delivery.locales import endonym
from service.delivery.resolution import Choice
from service.delivery.store import CatalogStore
from service.i18n.labels import AUDIENCE_LABELS, AUDIENCE_READERS, REVIEW_STEPS
from service.rendition.build import FallbackRules, HrefFor, build_list, build_rendition
from service.rendition.model import AnswerList, AnswerRendition
from service.settings import Settings
from service.web import paths
from service.web.errors import TailorError, UnknownAnswer, UnknownAudience, UnsupportedLocale
from service.web.templating import Pages

_SLUG = re.compile(SLUG_PATTERN)


class Site:
    """The application's shared state and the operations handlers build on."""

    def __init__(self, settings: Settings, store: CatalogStore, pages: Pages) -> None:
        """Wire settings, the catalog store and the templates together."""
        self.settings = settings
        self.store = store
        self.pages = pages
        self.cache_control = settings.canonical_cache_control.encode()
        """Cache-Control of every canonical URL, ready to send."""
        self.rules = FallbackRules(default_locale=settings.default_locale, audience_fallback=settings.audience_fallback)

    @property
    def catalog(self) -> Catalog:
        """The catalog being served now."""
        return self.store.catalog

    def audience(self, value: str) -> Audience:
        """The audience named by `value`, or a 400 listing the valid ones."""
        audience = Audience.from_value(value)
        if audience is None:
            raise UnknownAudience(value, [audience.value for audience in Audience])
        return audience

    def locale(self, value: str) -> str:
        """The supported locale named by `value` (exact spelling), or a 400 listing the supported ones."""
        if value in self.settings.supported_locales:
            return value
        raise UnsupportedLocale(value, list(self.settings.supported_locales))

    def answer(self, slug: str, catalog: Catalog) -> Answer:
        """The answer called `slug`, or a 404."""
        answer = catalog.answer(slug) if _SLUG.match(slug) else None
        if answer is None:
            raise UnknownAnswer(slug)
        return answer

    @staticmethod
    def _href_for(choice: Choice, *, for_api: bool) -> HrefFor:
        """Links between answers stay in the same choice and the same format (page or JSON)."""
        if for_api:
            return lambda slug: paths.api_answer_path(choice, slug)
        return lambda slug: paths.answer_path(choice, slug)

    def rendition(self, answer: Answer, choice: Choice, catalog: Catalog, *, for_api: bool) -> AnswerRendition:
        """The answer for `choice`."""
        href_for = self._href_for(choice, for_api=for_api)
        return build_rendition(answer, choice, catalog=catalog, rules=self.rules, href_for=href_for)

    def listing(self, choice: Choice, catalog: Catalog, *, for_api: bool) -> AnswerList:
        """Every answer for `choice`."""
        return build_list(catalog, choice, rules=self.rules, href_for=self._href_for(choice, for_api=for_api))

    def page_context(self, choice: Choice, current_path: str) -> dict[str, object]:
        """What every page's chrome needs: the choice, the selector, the language switcher."""
        return {
            "choice": choice,
            "current_path": current_path,
            "audiences": [(audience, AUDIENCE_LABELS[audience]) for audience in Audience],
            "audience_readers": AUDIENCE_READERS,
            "review_steps": list(REVIEW_STEPS.items()),
            "locales": [(tag, endonym(tag)) for tag in self.settings.supported_locales],
            "index_href": paths.index_path(choice),
            "policy_href": self.settings.editorial_policy_url or paths.policy_path(choice),
            "follow_up_href": self.settings.follow_up_url or paths.index_path(choice),
            # Citation descriptions are written once, in the default locale.
            "citation_locale": DEFAULT_LOCALE,
        }

    def error_page(self, error: TailorError, choice: Choice, current_path: str) -> str:
        """A localized error page."""
        return self.pages.render(
            "error.html",
            choice.locale,
            error=error,
            **self.page_context(choice, current_path),
        )


SiteDependency: TypeAlias = NamedDependency[Site]
"""How handlers ask for the site: `site: SiteDependency`."""


CATALOG_SCOPE_KEY = "tailor.catalog"
"""Where the request's catalog snapshot travels in the ASGI scope (set by the fast path)."""
HTTPS_SCOPE_KEY = "tailor.https"
"""Whether the request arrived over HTTPS, directly or through a trusted proxy (set by the fast path)."""


def request_catalog(request: Request[Any, Any, Any], site: SiteDependency) -> Catalog:
    """The catalog snapshot taken when the request arrived: one request, one content revision."""
    scope = cast("dict[str, Any]", request.scope)
    catalog = scope.get(CATALOG_SCOPE_KEY)
    return catalog if isinstance(catalog, Catalog) else site.catalog


CatalogDependency: TypeAlias = NamedDependency[Catalog]
"""How handlers ask for the request's catalog: `catalog: CatalogDependency`."""
