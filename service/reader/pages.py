"""The HTML pages: an answer, the answer list, the editorial policy, and the redirects to them."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath, QueryParameter
from litestar.types import ASGIApp

from service.errors import InvalidParameter
from service.i18n.labels import N_
from service.rendition import urls
from service.rendition.urls import RenditionKind
from service.web.conditional import respond_to
from service.web.dependencies import (
    CatalogDependency,
    ChoiceDependency,
    RenditionsDependency,
    SiteDependency,
    page_choice_dependencies,
)

__all__ = ["PageController"]

AnyRequest = Request[Any, Any, Any]


class PageController(Controller):
    """Pages for people: canonical URLs carry the audience and locale.

    Bare URLs (`/`, `/answers`, `/answers/{slug}`) redirect to them; `service.web.fast_path` answers those
    before any route, so no route has them.
    """

    include_in_schema = False
    dependencies = page_choice_dependencies

    @get(urls.CHOOSER_ROUTE, name="choose", sync_to_thread=False)
    def choose(
        self,
        request: AnyRequest,
        site: SiteDependency,
        choice: ChoiceDependency,
        next_path: Annotated[str, QueryParameter(name="next")] = urls.BARE_INDEX_ROUTE,
    ) -> Response[str]:
        """The chooser, "Which best describes you?": three options that store the choice and continue to `next`."""
        if not urls.is_local_path(next_path):
            raise InvalidParameter("next", N_("“%(name)s” must be a path on this site, starting with a single “/”."))
        return Response(
            site.chooser_page(choice, next_path, request.url.path),
            media_type="text/html",
            headers={"Cache-Control": site.settings.canonical_cache_control, "Content-Language": choice.locale},
        )

    @get(urls.ROUTES[RenditionKind.INDEX_HTML], name=RenditionKind.INDEX_HTML, sync_to_thread=False)
    def index(
        self,
        *,
        request: AnyRequest,
        renditions: RenditionsDependency,
        catalog: CatalogDependency,
        choice: ChoiceDependency,
        page: Annotated[int, QueryParameter(ge=1, le=2**31 - 1)] = 1,
    ) -> ASGIApp:
        """The answers with their question, review status and last update, a page at a time."""
        return respond_to(request, renditions.index_page(choice, catalog, page))

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
