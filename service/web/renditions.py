"""Every cacheable response, built once per content revision and served from the rendition cache.

Each method returns a `CachedRendition` (bytes, gzip twin, ETag, headers). `revision_of` says which
content revision a key depends on; the fast path uses it to serve warm requests without routing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import msgspec
from litestar.di import NamedDependency

from service.content.catalog import Catalog
from service.content.model import Answer, Audience
from service.delivery.locales import endonym, language_name, text_direction
from service.delivery.rendition_cache import CachedRendition, RenditionCache, RenditionKey, make_rendition
from service.delivery.resolution import Choice
from service.i18n.labels import AUDIENCE_LABELS, REVIEW_STEPS
from service.web import paths
from service.web.api_model import AudienceList, AudienceOut, LocaleList, LocaleOut
from service.web.responses import content_language
from service.web.site import Site

HTML = b"text/html; charset=utf-8"
JSON = b"application/json"
_PER_ANSWER = frozenset({"answer-html", "answer-json"})
_PER_CATALOG = frozenset({"index-html", "list-json"})
CODE_REVISION = "ui"
"""Renditions that only depend on code and translations (policy page, labels) never go stale in a process."""

_encoder = msgspec.json.Encoder()
Built = tuple[bytes, bytes, list[tuple[bytes, bytes]]]
"""Body, content type, and the headers that describe the content."""


def _link_header(links: list[tuple[str, str, str | None]]) -> bytes:
    """`</es/…>; rel="alternate"; hreflang="es", …` from (href, rel, hreflang) triples."""
    parts = [f'<{href}>; rel="{rel}"' + (f'; hreflang="{lang}"' if lang else "") for href, rel, lang in links]
    return ", ".join(parts).encode()


class Renditions:
    """Builds renditions on a miss and keeps them in the cache."""

    def __init__(self, site: Site, cache: RenditionCache) -> None:
        """Build with the site's templates and settings, keep in `cache`."""
        self.site = site
        self.cache = cache

    def revision_of(self, key: RenditionKey, catalog: Catalog | None) -> str | None:
        """The content revision `key` depends on in `catalog`; None when it names no answer there.

        Renditions of code and translations alone (policy page, labels) do not look at the catalog.
        """
        if key.kind in _PER_ANSWER:
            return catalog.rendition_revisions.get(key.slug) if catalog is not None else None
        if key.kind in _PER_CATALOG:
            return catalog.revision if catalog is not None else None
        return CODE_REVISION

    def retain_current(self) -> int:
        """After a catalog swap: drop the renditions the new catalog changed, keep every other one."""
        catalog = self.site.catalog
        return self.cache.retain(lambda key, entry: self.revision_of(key, catalog) == entry.revision)

    def cached(self, key: RenditionKey, catalog: Catalog) -> CachedRendition | None:
        """The entry for `key` that is current in `catalog`, if already built (the fast path's only question)."""
        revision = self.revision_of(key, catalog)
        return self.cache.lookup(key, revision) if revision is not None else None

    def _get(self, key: RenditionKey, catalog: Catalog | None, build: Callable[[], Built]) -> CachedRendition:
        revision = self.revision_of(key, catalog)
        if revision is None:
            raise LookupError(f"no revision for {key}")

        def make() -> CachedRendition:
            body, content_type, headers = build()
            return make_rendition(revision, body, content_type, headers, self.site.cache_control)

        return self.cache.get_or_build(key, revision, make)

    def _alternates(
        self, choice: Choice, path_for: Callable[[Choice], str], x_default: str
    ) -> list[tuple[str, str, str | None]]:
        locales = self.site.settings.supported_locales
        return [
            (path_for(choice), "canonical", None),
            *((path_for(Choice(choice.audience, tag)), "alternate", tag) for tag in locales),
            (x_default, "alternate", "x-default"),
        ]

    def _page(
        self,
        template: str,
        choice: Choice,
        path: str,
        alternates: list[tuple[str, str, str | None]],
        languages: list[str],
        **context: object,
    ) -> Built:
        html = self.site.pages.render(
            template,
            choice.locale,
            alternates=alternates,
            **context,
            **self.site.page_context(choice, path),
        )
        return (
            html.encode(),
            HTML,
            [(b"content-language", content_language(languages).encode()), (b"link", _link_header(alternates))],
        )

    def answer_page(self, choice: Choice, answer: Answer, catalog: Catalog) -> CachedRendition:
        """The HTML page of one answer."""

        def build() -> Built:
            rendition = self.site.rendition(answer, choice, catalog, for_api=False)
            served = [section.served_locale for section in (*rendition.sections, rendition.disclaimer)]
            alternates = self._alternates(
                choice, lambda other: paths.answer_path(other, answer.slug), paths.bare_answer_path(answer.slug)
            )
            return self._page(
                "answer.html",
                choice,
                paths.answer_path(choice, answer.slug),
                alternates,
                [choice.locale, rendition.question_locale, *served],
                rendition=rendition,
                review_position=list(REVIEW_STEPS).index(rendition.review.status),
            )

        return self._get(RenditionKey("answer-html", answer.slug, choice.audience.value, choice.locale), catalog, build)

    def index_page(self, choice: Choice, catalog: Catalog) -> CachedRendition:
        """The HTML list of every answer."""

        def build() -> Built:
            listing = self.site.listing(choice, catalog, for_api=False)
            alternates = self._alternates(choice, paths.index_path, "/answers")
            return self._page(
                "index.html",
                choice,
                paths.index_path(choice),
                alternates,
                [choice.locale, *(answer.question_locale for answer in listing.answers)],
                listing=listing,
                review_labels=REVIEW_STEPS,
            )

        return self._get(RenditionKey("index-html", "", choice.audience.value, choice.locale), catalog, build)

    def policy_page(self, choice: Choice) -> CachedRendition:
        """The editorial policy page."""

        def build() -> Built:
            alternates = self._alternates(choice, paths.policy_path, paths.policy_path(choice))[:-1]
            return self._page("policy.html", choice, paths.policy_path(choice), alternates, [choice.locale])

        key = RenditionKey("policy-html", "", choice.audience.value, choice.locale)
        return self._get(key, None, build)

    def _json(
        self, document: object, languages: list[str], links: list[tuple[str, str, str | None]] | None = None
    ) -> Built:
        headers = [(b"content-language", content_language(languages).encode())]
        if links:
            headers.append((b"link", _link_header(links)))
        return _encoder.encode(document), JSON, headers

    def answer_json(self, choice: Choice, answer: Answer, catalog: Catalog) -> CachedRendition:
        """One answer's JSON rendition."""

        def build() -> Built:
            rendition = self.site.rendition(answer, choice, catalog, for_api=True)
            served = [section.served_locale for section in (*rendition.sections, rendition.disclaimer)]
            links = self._alternates(
                choice,
                lambda other: paths.api_answer_path(other, answer.slug),
                paths.api_answer_path(choice, answer.slug, with_locale=False),
            )
            return self._json(rendition, [rendition.question_locale, *served], links)

        return self._get(RenditionKey("answer-json", answer.slug, choice.audience.value, choice.locale), catalog, build)

    def list_json(self, choice: Choice, catalog: Catalog) -> CachedRendition:
        """The JSON list of answers."""

        def build() -> Built:
            listing = self.site.listing(choice, catalog, for_api=True)
            return self._json(listing, [answer.question_locale for answer in listing.answers] or [choice.locale])

        return self._get(RenditionKey("list-json", "", choice.audience.value, choice.locale), catalog, build)

    def audiences_json(self, locale: str) -> CachedRendition:
        """The audiences, labelled in `locale`."""

        def build() -> Built:
            with self.site.pages.in_locale(locale) as translations:
                audiences = [
                    AudienceOut(id=audience, label=translations.gettext(AUDIENCE_LABELS[audience]))
                    for audience in Audience
                ]
            return self._json(AudienceList(locale=locale, audiences=audiences), [locale])

        return self._get(RenditionKey("audiences-json", "", "", locale), None, build)

    def locales_json(self, locale: str) -> CachedRendition:
        """The supported locales, named in `locale`."""

        def build() -> Built:
            locales = [
                LocaleOut(
                    tag=tag, name=language_name(tag, locale), native_name=endonym(tag), direction=text_direction(tag)
                )
                for tag in self.site.settings.supported_locales
            ]
            return self._json(LocaleList(locale=locale, locales=locales), [locale])

        return self._get(RenditionKey("locales-json", "", "", locale), None, build)


RenditionsDependency: TypeAlias = NamedDependency[Renditions]
"""How handlers ask for the renditions: `renditions: RenditionsDependency`."""
