"""The HTML pages: an answer, the answer list, the editorial policy, and the redirects to them."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Redirect
from litestar.types import ASGIApp

from service.delivery.resolution import Choice, resolve
from service.web import paths
from service.web.conditional import respond_to
from service.web.renditions import RenditionsDependency
from service.web.responses import resolved_redirect
from service.web.site import CatalogDependency, Site, SiteDependency

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
    def bare_answer(
        self, request: AnyRequest, site: SiteDependency, catalog: CatalogDependency, slug: PathText
    ) -> Redirect:
        """An answer in the remembered or negotiated choice."""
        answer = site.answer(slug, catalog)
        return resolved_redirect(paths.answer_path(_resolved(request, site), answer.slug))

    @get("/{locale:str}/{audience:str}/answers", name="index", sync_to_thread=False)
    def index(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        renditions: RenditionsDependency,
        catalog: CatalogDependency,
        locale: PathText,
        audience: PathText,
    ) -> ASGIApp:
        """Every answer with its question, review status and last update."""
        choice = Choice(site.audience(audience), site.locale(locale))
        return respond_to(request, renditions.index_page(choice, catalog))

    @get("/{locale:str}/{audience:str}/answers/{slug:str}", name="answer", sync_to_thread=False)
    def answer(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        renditions: RenditionsDependency,
        catalog: CatalogDependency,
        locale: PathText,
        audience: PathText,
        slug: PathText,
    ) -> ASGIApp:
        """One answer in the chosen audience and locale, every fallback marked."""
        choice = Choice(site.audience(audience), site.locale(locale))
        entry = renditions.answer_page(choice, site.answer(slug, catalog), catalog)
        return respond_to(request, entry)

    @get("/{locale:str}/{audience:str}/editorial-policy", name="editorial-policy", sync_to_thread=False)
    def editorial_policy(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        renditions: RenditionsDependency,
        catalog: CatalogDependency,
        locale: PathText,
        audience: PathText,
    ) -> ASGIApp:
        """How answers are written, checked and reviewed."""
        choice = Choice(site.audience(audience), site.locale(locale))
        return respond_to(request, renditions.policy_page(choice))
