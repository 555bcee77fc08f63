"""The HTML pages: an answer, the answer list, the editorial policy, and the redirects to them."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Redirect
from litestar.types import ASGIApp

from service.web import urls
from service.web.conditional import respond_to
from service.web.dependencies import (
    CatalogDependency,
    ChoiceDependency,
    RenditionsDependency,
    SiteDependency,
    page_choice_dependencies,
)
from service.web.responses import resolved_redirect
from service.web.urls import RenditionKind

__all__ = ["PageController"]

AnyRequest = Request[Any, Any, Any]


class PageController(Controller):
    """Pages for people. Canonical URLs carry the audience and locale; bare ones redirect to them."""

    include_in_schema = False
    dependencies = page_choice_dependencies

    @get("/", name="home", sync_to_thread=False)
    def home(self, choice: ChoiceDependency) -> Redirect:
        """The answer list in the remembered or negotiated choice."""
        return resolved_redirect(urls.index_path(choice))

    @get(urls.BARE_INDEX_ROUTE, name="bare-index", sync_to_thread=False)
    def bare_index(self, choice: ChoiceDependency) -> Redirect:
        """The answer list in the remembered or negotiated choice."""
        return resolved_redirect(urls.index_path(choice))

    @get(urls.BARE_ANSWER_ROUTE, name="bare-answer", sync_to_thread=False)
    def bare_answer(
        self, site: SiteDependency, catalog: CatalogDependency, choice: ChoiceDependency, slug: FromPath[str]
    ) -> Redirect:
        """An answer in the remembered or negotiated choice."""
        return resolved_redirect(urls.answer_path(choice, site.answer(slug, catalog).slug))

    @get(urls.ROUTES[RenditionKind.INDEX_HTML], name=RenditionKind.INDEX_HTML, sync_to_thread=False)
    def index(
        self,
        request: AnyRequest,
        renditions: RenditionsDependency,
        catalog: CatalogDependency,
        choice: ChoiceDependency,
    ) -> ASGIApp:
        """Every answer with its question, review status and last update."""
        return respond_to(request, renditions.index_page(choice, catalog))

    @get(urls.ROUTES[RenditionKind.ANSWER_HTML], name=RenditionKind.ANSWER_HTML, sync_to_thread=False)
    def answer(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        renditions: RenditionsDependency,
        catalog: CatalogDependency,
        choice: ChoiceDependency,
        slug: FromPath[str],
    ) -> ASGIApp:
        """One answer in the chosen audience and locale, every fallback marked."""
        return respond_to(request, renditions.answer_page(choice, site.answer(slug, catalog), catalog))

    @get(urls.ROUTES[RenditionKind.POLICY_HTML], name=RenditionKind.POLICY_HTML, sync_to_thread=False)
    def editorial_policy(
        self, request: AnyRequest, renditions: RenditionsDependency, choice: ChoiceDependency
    ) -> ASGIApp:
        """How answers are written, checked and reviewed."""
        return respond_to(request, renditions.policy_page(choice))
