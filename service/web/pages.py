"""The HTML pages: an answer, the answer list, the editorial policy, and the redirects to them."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.response import Redirect

from service.content.model import Answer
from service.delivery.resolution import Choice, resolve
from service.i18n.labels import REVIEW_STEPS
from service.web import paths
from service.web.responses import html_page, resolved_redirect
from service.web.site import Site, SiteDependency

AnyRequest = Request[Any, Any, Any]
PathText = FromPath[str]


def _resolved(request: AnyRequest, site: Site) -> Choice:
    return resolve(
        settings=site.settings,
        cookie=request.cookies.get(site.settings.preference_cookie),
        accept_language=request.headers.get("accept-language"),
    ).choice


class PageController(Controller):
    """Pages for people. Canonical URLs carry the audience and locale; bare ones redirect to them."""

    include_in_schema = False

    @get("/", name="home", sync_to_thread=False)
    def home(self, request: AnyRequest, site: SiteDependency) -> Redirect:
        """The answer list in the remembered or negotiated choice."""
        return resolved_redirect(paths.index_path(_resolved(request, site)))

    @get("/answers", name="bare-index", sync_to_thread=False)
    def bare_index(self, request: AnyRequest, site: SiteDependency) -> Redirect:
        """The answer list in the remembered or negotiated choice."""
        return resolved_redirect(paths.index_path(_resolved(request, site)))

    @get("/answers/{slug:str}", name="bare-answer", sync_to_thread=False)
    def bare_answer(self, request: AnyRequest, site: SiteDependency, slug: PathText) -> Redirect:
        """An answer in the remembered or negotiated choice."""
        answer = site.answer(slug, site.catalog)
        return resolved_redirect(paths.answer_path(_resolved(request, site), answer.slug))

    @get("/{locale:str}/{audience:str}/answers", name="index", sync_to_thread=False)
    def index(self, request: AnyRequest, site: SiteDependency, locale: PathText, audience: PathText) -> Response[str]:
        """Every answer with its question, review status and last update."""
        choice = Choice(site.audience(audience), site.locale(locale))
        listing = site.listing(choice, site.catalog, for_api=False)
        html = site.pages.render(
            "index.html",
            choice.locale,
            listing=listing,
            review_labels=REVIEW_STEPS,
            **site.page_context(choice, request.url.path),
        )
        return html_page(html, locales=[choice.locale, *(answer.question_locale for answer in listing.answers)])

    @get("/{locale:str}/{audience:str}/answers/{slug:str}", name="answer", sync_to_thread=False)
    def answer(
        self,
        request: AnyRequest,
        site: SiteDependency,
        locale: PathText,
        audience: PathText,
        slug: PathText,
    ) -> Response[str]:
        """One answer in the chosen audience and locale, every fallback marked."""
        choice = Choice(site.audience(audience), site.locale(locale))
        catalog = site.catalog
        answer: Answer = site.answer(slug, catalog)
        rendition = site.rendition(answer, choice, catalog, for_api=False)
        html = site.pages.render(
            "answer.html",
            choice.locale,
            rendition=rendition,
            review_position=list(REVIEW_STEPS).index(rendition.review.status),
            **site.page_context(choice, request.url.path),
        )
        served = [section.served_locale for section in (*rendition.sections, rendition.disclaimer)]
        return html_page(html, locales=[choice.locale, rendition.question_locale, *served])

    @get("/{locale:str}/editorial-policy", name="editorial-policy", sync_to_thread=False)
    def editorial_policy(self, request: AnyRequest, site: SiteDependency, locale: PathText) -> Response[str]:
        """How answers are written, checked and reviewed."""
        choice = Choice(_resolved(request, site).audience, site.locale(locale))
        html = site.pages.render("policy.html", choice.locale, **site.page_context(choice, request.url.path))
        return html_page(html, locales=[choice.locale])
