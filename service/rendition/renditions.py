"""Every canonical URL's response, built once per content revision and kept in the response cache.

Each method returns an `EncodedResponse` (bytes, gzip twin, ETag, headers) for one `RenditionKey`.
`revision_of` says which content revision a key depends on; the fast path uses it to serve warm
requests without routing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

import msgspec
from markupsafe import Markup

from service.choice import Choice
from service.content.catalog import Catalog
from service.content.model import Answer, Audience
from service.errors import TokenGone, UnknownTerm
from service.i18n.labels import AUDIENCE_LABELS, REVIEW_STEPS, REVIEWER_ROLES
from service.i18n.locale_names import endonym, language_name, text_direction
from service.rendition import urls
from service.rendition.api_model import AudienceList, AudienceOut, LocaleList, LocaleOut
from service.rendition.build import content_digest, glossary_term
from service.rendition.cache import ResponseCache
from service.rendition.code_revision import build_digest
from service.rendition.document import AnswerPage
from service.rendition.encoded import PRIVATE, EncodedResponse, Headers, content_language, encode_response, etag_for
from service.rendition.glossary import MARKED_AUDIENCES
from service.rendition.manifest import (
    MAX_DELTA,
    catalog_token,
    delta_manifest,
    encode_batch,
    full_manifest,
    made_of_bytes,
)
from service.rendition.notes import mixed_review, page_notes, section_notes, with_words
from service.rendition.site import Site
from service.rendition.structured_data import medical_web_page
from service.rendition.urls import DEPENDS, Depends, RenditionKey, RenditionKind, key_for

__all__ = ["CODE_REVISION", "Renditions"]

HTML = b"text/html; charset=utf-8"
JSON = b"application/json"
CODE_REVISION = "ui"
"""Renditions that only depend on code and translations (policy page, labels) never go stale in a process."""

_encoder = msgspec.json.Encoder()
_ANSWER_KINDS = frozenset({RenditionKind.ANSWER_HTML, RenditionKind.ANSWER_JSON})
_AUDIENCES = frozenset(Audience)
Built = tuple[bytes, bytes, Headers]
"""Body, content type, and the headers that describe the content."""
Link = tuple[str, str, str | None]
"""(href, rel, hreflang) of one `Link` header entry."""


def _link_header(links: list[Link]) -> bytes:
    """`</es/…>; rel="alternate"; hreflang="es", …`."""
    parts = [f'<{href}>; rel="{rel}"' + (f'; hreflang="{lang}"' if lang else "") for href, rel, lang in links]
    return ", ".join(parts).encode()


_DESCRIPTION_LENGTH = 155
"""Search engines show about this many characters of a page's description."""


_CITATION = re.compile(r'\s*<sup class="citation">.*?</sup>', re.S)


def _description(html: str) -> str:
    """A page's meta description: the text of its first section's HTML, cut at a word near 155 characters.

    Citation numbers are left out: a search result reads "[4, 3]" as noise.
    """
    text = Markup(_CITATION.sub("", html)).striptags()  # noqa: S704 - sanitized HTML, only read for its text
    if len(text) <= _DESCRIPTION_LENGTH:
        return text
    return text[: _DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class Renditions:
    """Builds renditions on a miss and keeps them in the cache."""

    def __init__(self, site: Site, cache: ResponseCache) -> None:
        """Build with the site's templates and settings, keep in `cache`."""
        self.site = site
        self.cache = cache
        self.build = build_digest(site.settings)

    def _made_of(self, key: RenditionKey, catalog: Catalog | None) -> str | None:
        """What the rendition of `key` in `catalog` is made of; None when `key` names nothing there.

        For an answer, only what its page for this choice shows (`content_digest`), so that a change
        to another audience's text leaves this rendition's ETag alone.
        """
        if key.kind.depends_on is Depends.ANSWER:
            answer = catalog.answer(key.slug) if catalog is not None else None
            if answer is None or catalog is None:
                return None
            choice = Choice(audience=Audience(key.audience), locale=key.locale)
            revision = content_digest(answer, choice, catalog=catalog, rules=self.site.rules)
        else:
            found = self.revision_of(key, catalog)
            if found is None:
                return None
            revision = found
        return f"{self.build}|{key.kind}|{key.slug}|{key.audience}|{key.locale}|{key.page}|{key.page_size}|{revision}"

    def etag(self, key: RenditionKey, catalog: Catalog) -> str | None:
        """The identity ETag (quoted) that `key`'s rendition has in `catalog`, without building it."""
        made_of = self._made_of(key, catalog)
        return f'"{etag_for(made_of)}"' if made_of is not None else None

    def revision_of(self, key: RenditionKey, catalog: Catalog | None) -> str | None:
        """The content revision `key` depends on in `catalog`; None when it names no answer there."""
        match DEPENDS[key.kind]:  # not the `depends_on` property: this runs on every warm request
            case Depends.ANSWER:
                return catalog.rendition_revisions.get(key.slug) if catalog is not None else None
            case Depends.CATALOG:
                return catalog.revision if catalog is not None else None
            case Depends.FEED:
                return f"{catalog.revision}|{catalog_token(catalog)}" if catalog is not None else None
            case Depends.NOTHING:
                return CODE_REVISION

    def retain_current(self) -> int:
        """After a catalog swap: drop the renditions the new catalog changed, keep every other one."""
        catalog = self.site.live.catalog
        return self.cache.retain(lambda key, entry: self.revision_of(key, catalog) == entry.revision)

    def answer(self, key: RenditionKey, catalog: Catalog) -> EncodedResponse | None:
        """The page or JSON rendition of an answer a canonical URL names, built if need be; None for any other key.

        None too when the key does not name a served answer exactly as spelled (unknown audience,
        locale or slug): the routed handler then says what is wrong. This is the rendition the handler
        would return, so the fast path may build it on a miss as well as serve it warm.
        """
        if key.kind not in _ANSWER_KINDS or key.audience not in _AUDIENCES:
            return None
        answer = catalog.answer(key.slug)
        if answer is None or key.locale not in self.site.settings.supported_locales:
            return None
        choice = Choice(audience=Audience(key.audience), locale=key.locale)
        if key.kind is RenditionKind.ANSWER_HTML:
            return self.answer_page(choice, answer, catalog)
        return self.answer_json(choice, answer, catalog)

    def cached(self, key: RenditionKey, catalog: Catalog) -> EncodedResponse | None:
        """The entry for `key` that is current in `catalog`, if already built (the fast path's only question)."""
        # Answers first, without a call: they are most of what is asked.
        revision = (
            catalog.rendition_revisions.get(key.slug)
            if DEPENDS[key.kind] is Depends.ANSWER
            else self.revision_of(key, catalog)
        )
        return self.cache.lookup(key, revision) if revision is not None else None

    def _get(self, key: RenditionKey, catalog: Catalog | None, build: Callable[[], Built]) -> EncodedResponse:
        revision = self.revision_of(key, catalog)
        if revision is None:
            raise LookupError(f"no revision for {key}")

        def make() -> EncodedResponse:
            body, content_type, headers = build()
            made_of = self._made_of(key, catalog)
            if made_of is None:
                raise LookupError(f"nothing to build for {key}")
            return encode_response(
                made_of,
                revision,
                body=body,
                content_type=content_type,
                headers=headers,
                cache_control=self.site.cache_control,
            )

        return self.cache.get_or_build(key, revision, make)

    def _alternates(
        self, key: RenditionKey, x_default: str | None, locales: Collection[str] | None = None
    ) -> list[Link]:
        """The canonical URL, the same rendition in each of `locales`, and the negotiated one.

        `locales` defaults to every supported one. URLs are absolute when the public URL is configured.
        """
        shown = [tag for tag in self.site.settings.supported_locales if locales is None or tag in locales]
        absolute = self.site.absolute
        links: list[Link] = [
            (absolute(urls.url_for(key)), "canonical", None),
            *((absolute(urls.url_for(key._replace(locale=tag))), "alternate", tag) for tag in shown),
        ]
        if x_default is not None:
            links.append((absolute(x_default), "alternate", "x-default"))
        return links

    def _page(
        self,
        template: str,
        choice: Choice,
        key: RenditionKey,
        links: list[Link],
        languages: list[str],
        **context: object,
    ) -> Built:
        html = self.site.pages.render(
            template,
            choice.locale,
            alternates=links,
            **context,
            **self.site.page_context(choice, urls.url_for(key)),
        )
        return (
            html.encode(),
            HTML,
            [(b"content-language", content_language(languages).encode()), (b"link", _link_header(links))],
        )

    def answer_page(self, choice: Choice, answer: Answer, catalog: Catalog) -> EncodedResponse:
        """The HTML page of one answer."""
        key = key_for(RenditionKind.ANSWER_HTML, choice, answer.slug)

        def build() -> Built:
            with self.site.pages.in_locale(choice.locale):  # the words the build puts in (the practice mark)
                document = self.site.answer_document(answer, choice, catalog, for_api=False)
            served = [section.served_locale for section in (*document.sections, document.disclaimer)]
            return self._page(
                "answer.html",
                choice,
                key,
                # Search engines are pointed only at the locales with texts of their own: the others repeat them.
                self._alternates(key, urls.bare_answer_path(answer.slug), answer.locales),
                [choice.locale, document.question_locale, *served],
                rendition=document,
                feedback=self.site.feedback_form(answer, choice, catalog),
                feedback_path=urls.feedback_path(choice, answer.slug),
                # The chooser is a link away: the answer page does not repeat the audience selector.
                chooser_href=urls.chooser_path(choice.locale, urls.bare_answer_path(answer.slug)),
                description=_description(document.sections[0].html) if document.sections else document.question,
                review_position=list(REVIEW_STEPS).index(document.review.status),
                reviewer_roles=REVIEWER_ROLES,
                structured_data=medical_web_page(
                    document, url=self.site.absolute(urls.url_for(key)), absolute=self.site.absolute
                ),
                section_notes=section_notes,
                page_notes=page_notes,
                mixed_review=mixed_review(document),
            )

        return self._get(key, catalog, build)

    def _pages(self, key: RenditionKey, listing: AnswerPage) -> list[Link]:
        """The previous and next pages of a list, as `Link` entries."""
        absolute = self.site.absolute
        return [
            *([(absolute(urls.url_for(key._replace(page=key.page - 1))), "prev", None)] if key.page > 1 else []),
            *(
                [(absolute(urls.url_for(key._replace(page=key.page + 1))), "next", None)]
                if key.page < listing.pages
                else []
            ),
        ]

    def index_page(self, choice: Choice, catalog: Catalog, page: int = 1) -> EncodedResponse:
        """One page of the HTML list of answers."""
        key = key_for(RenditionKind.INDEX_HTML, choice, page=page)
        self.site.require_page(catalog, page, urls.PAGE_SIZE)

        def build() -> Built:
            listing = self.site.answer_page(choice, catalog, page=page, page_size=urls.PAGE_SIZE, for_api=False)
            pages = self._pages(key, listing)
            return self._page(
                "index.html",
                choice,
                key,
                [*self._alternates(key, urls.BARE_INDEX_ROUTE, catalog.locales), *pages],
                [choice.locale, *(answer.question_locale for answer in listing.answers)],
                listing=listing,
                pager={rel: href for href, rel, _ in pages},
                review_labels=REVIEW_STEPS,
            )

        return self._get(key, catalog, build)

    def policy_page(self, choice: Choice) -> EncodedResponse:
        """The editorial policy page."""
        key = key_for(RenditionKind.POLICY_HTML, choice)

        def build() -> Built:
            return self._page("policy.html", choice, key, self._alternates(key, None), [choice.locale])

        return self._get(key, None, build)

    def _json(self, document: object, languages: list[str], links: list[Link] | None = None) -> Built:
        headers = [(b"content-language", content_language(languages).encode())]
        if links:
            headers.append((b"link", _link_header(links)))
        return _encoder.encode(document), JSON, headers

    def answer_json(self, choice: Choice, answer: Answer, catalog: Catalog) -> EncodedResponse:
        """One answer's JSON rendition."""
        key = key_for(RenditionKind.ANSWER_JSON, choice, answer.slug)

        def build() -> Built:
            with self.site.pages.in_locale(choice.locale):
                document = with_words(self.site.answer_document(answer, choice, catalog, for_api=True))
            served = [section.served_locale for section in (*document.sections, document.disclaimer)]
            links = self._alternates(key, urls.negotiated_api_answer_path(choice, answer.slug))
            return self._json(document, [document.question_locale, *served], links)

        return self._get(key, catalog, build)

    def term_json(self, choice: Choice, term: str, catalog: Catalog, *, use_fallback: bool) -> EncodedResponse:
        """One glossary term's definition for `choice`, as `GET /api/v1/glossary/{term}` serves it.

        Built on each request rather than kept: a definition is a few hundred bytes, and the cache is for pages.
        """
        with self.site.pages.in_locale(choice.locale):  # the words the build puts in (the practice mark)
            found = glossary_term(catalog, term, choice, self.site.rules)
        glossary = catalog.glossary
        if found is None or glossary is None or (found.fallback and not use_fallback):
            raise UnknownTerm(term)
        made_of = f"{self.build}|term|{term}|{choice.audience}|{choice.locale}|{use_fallback}|{glossary.revision}"
        return encode_response(
            made_of,
            glossary.revision,
            body=_encoder.encode(found),
            content_type=JSON,
            headers=[(b"content-language", found.served_locale.encode())],
            cache_control=self.site.cache_control,
        )

    def list_json(
        self, choice: Choice, catalog: Catalog, page: int = 1, page_size: int = urls.PAGE_SIZE
    ) -> EncodedResponse:
        """One page of the JSON list of answers, with `Link`s to the pages before and after."""
        key = key_for(RenditionKind.LIST_JSON, choice, page=page, page_size=page_size)
        self.site.require_page(catalog, page, page_size)

        def build() -> Built:
            listing = self.site.answer_page(choice, catalog, page=page, page_size=page_size, for_api=True)
            languages = [answer.question_locale for answer in listing.answers] or [choice.locale]
            return self._json(listing, languages, self._pages(key, listing))

        return self._get(key, catalog, build)

    def audiences_json(self, choice: Choice) -> EncodedResponse:
        """The audiences, labelled in the choice's locale."""
        locale = choice.locale

        def build() -> Built:
            with self.site.pages.in_locale(locale) as translations:
                audiences = [
                    AudienceOut(id=audience, label=translations.gettext(AUDIENCE_LABELS[audience]))
                    for audience in Audience
                ]
            return self._json(AudienceList(locale=locale, audiences=audiences), [locale])

        return self._get(key_for(RenditionKind.AUDIENCES_JSON, choice), None, build)

    def locales_json(self, choice: Choice) -> EncodedResponse:
        """The supported locales, named in the choice's locale."""
        locale = choice.locale

        def build() -> Built:
            locales = [
                LocaleOut(
                    tag=tag, name=language_name(tag, locale), native_name=endonym(tag), direction=text_direction(tag)
                )
                for tag in self.site.settings.supported_locales
            ]
            return self._json(LocaleList(locale=locale, locales=locales), [locale])

        return self._get(key_for(RenditionKind.LOCALES_JSON, choice), None, build)

    def manifest_json(self, choice: Choice, catalog: Catalog) -> EncodedResponse:
        """Every answer's JSON rendition ETag for `choice`: what an app compares to stay current.

        Kept like any rendition of the catalog, by its answers *and* its token (`Depends.FEED`): when the
        catalog follows the store further without any answer changing, the manifest (whose body names
        the token) is a new one, with a new ETag, so an app holding the old one is sent the delta.
        """
        key = key_for(RenditionKind.MANIFEST_JSON, choice)

        def build() -> Built:
            listing = self.site.answer_list(choice, catalog, for_api=True)
            manifest = full_manifest(listing, catalog, choice, self.etag, manifest_etag=self.etag(key, catalog) or "")
            return self._json(manifest, [choice.locale])

        return self._get(key, catalog, build)

    def delta_json(
        self, choice: Choice, catalog: Catalog, changed: frozenset[str], token: str, *, current: EncodedResponse
    ) -> EncodedResponse:
        """What changed since a manifest token, naming the `current` full manifest; built per request, never kept."""
        glossary = catalog.glossary
        if glossary is not None and glossary.slug in changed:
            # Not an answer of its own: a change to the glossary is a change to every page that explains words.
            changed -= {glossary.slug}
            if choice.audience in MARKED_AUDIENCES:
                changed |= frozenset(catalog.answers)
        if len(changed) > MAX_DELTA:
            raise TokenGone()
        listing = self.site.answer_list(choice, catalog, for_api=True, only=changed)
        manifest_etag = next(value for name, value in current.identity.headers if name == b"etag").decode()
        return self._per_request(
            delta_manifest(
                listing, catalog, choice, self.etag, changed=changed, token=token, manifest_etag=manifest_etag
            ),
            catalog,
            [choice.locale],
        )

    def batch_json(self, choice: Choice, catalog: Catalog, slugs: list[str]) -> EncodedResponse:
        """Several answers' JSON renditions in one document, made of their cached bytes."""
        found: list[tuple[str, str, bytes]] = []
        missing: list[str] = []
        for slug in slugs:
            answer = catalog.answer(slug)
            if answer is None:
                missing.append(slug)
                continue
            rendition = self.answer_json(choice, answer, catalog)
            tag = self.etag(key_for(RenditionKind.ANSWER_JSON, choice, slug), catalog) or ""
            found.append((slug, tag, rendition.identity.body))
        body = encode_batch(choice, found, missing)
        return encode_response(
            made_of_bytes(body),
            catalog.revision,
            body=body,
            content_type=JSON,
            headers=[(b"content-language", content_language([choice.locale]).encode())],
            cache_control=self.site.cache_control,
        )

    def _per_request(self, document: object, catalog: Catalog, languages: list[str]) -> EncodedResponse:
        """A delta: never kept by a cache in front either, which would hand the next sync an old one."""
        body, content_type, headers = self._json(document, languages)
        return encode_response(
            made_of_bytes(body),
            catalog.revision,
            body=body,
            content_type=content_type,
            headers=headers,
            cache_control=PRIVATE.encode(),
        )
