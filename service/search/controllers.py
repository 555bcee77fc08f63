"""Search: `GET /api/v1/search?q=…` for apps and `/{locale}/{audience}/search?q=…` for people.

Both find the answers whose served texts (or questions) hold every word asked, accents and case aside,
best first, a page at a time, each with a snippet of the text that matched. See `service.search`.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, TypeAlias

import anyio.to_thread
from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from service.choice import Choice
from service.content.catalog import Catalog
from service.errors import NotFound
from service.rendition import urls
from service.rendition.site import Site
from service.search.index import SearchIndex
from service.search.results import SearchPage, search_page
from service.web.dependencies import (
    CatalogDependency,
    ChoiceDependency,
    ResolutionDependency,
    SiteDependency,
    api_choice_dependencies,
    page_choice_dependencies,
)
from service.web.openapi_examples import problem_response

__all__ = ["SearchApi", "SearchDependency", "SearchPages"]

SearchDependency: TypeAlias = NamedDependency[SearchIndex]
MAX_QUERY = 200
"""Characters of a query: more words than anyone types into a search box."""
Page = Annotated[int, QueryParameter(ge=1, le=2**31 - 1, description="Which page of results, from 1.")]


async def _search(
    site: Site,
    index: SearchIndex,
    catalog: Catalog,
    *,
    choice: Choice,
    query: str,
    page: int,
    page_size: int,
    for_api: bool,
) -> SearchPage:
    """The page of results, the index brought up to the catalog first; the work is done off the event loop."""
    await index.ensure(catalog)
    run = partial(
        search_page,
        index,
        catalog,
        choice=choice,
        rules=site.rules,
        query=query,
        page=page,
        page_size=page_size,
        href_for=site.href_for(choice, for_api=for_api),
    )
    return await anyio.to_thread.run_sync(run)


class SearchApi(Controller):
    """Search for apps."""

    path = urls.API_PREFIX
    tags = ["answers"]  # noqa: RUF012 - Litestar reads it
    dependencies = api_choice_dependencies

    @get(
        "/search",
        operation_id="searchAnswers",
        summary="The answers whose words match a query, for an audience and locale",
        responses={
            400: problem_response("No query, or an unknown audience or unsupported locale.", 400),
            404: problem_response("There are fewer pages of results.", 404, NotFound()),
        },
    )
    async def search(
        self,
        *,
        site: SiteDependency,
        catalog: CatalogDependency,
        resolution: ResolutionDependency,
        search: SearchDependency,
        q: Annotated[
            str,
            QueryParameter(
                min_length=1, max_length=MAX_QUERY, description="The words to find, e.g. `quimioterapia dolor`."
            ),
        ],
        page: Page = 1,
        page_size: Annotated[
            int, QueryParameter(ge=1, le=urls.MAX_PAGE_SIZE, description="Results per page (default 50).")
        ] = urls.PAGE_SIZE,
    ) -> Response[SearchPage]:
        """Answers whose texts for this reader, or whose question, hold every word of `q` (as prefixes), best first.

        Accents and case do not matter. Each result has a snippet of the matching text (`snippet_html` marks
        the matches with `<mark>`, everything else escaped).
        """
        found = await _search(
            site, search, catalog, choice=resolution.choice, query=q, page=page, page_size=page_size, for_api=True
        )
        headers = {"Cache-Control": site.settings.canonical_cache_control}
        if resolution.varies_on_language:
            headers["Vary"] = "Accept-Language"
        return Response(found, headers=headers)


class SearchPages(Controller):
    """Search for people."""

    include_in_schema = False
    dependencies = page_choice_dependencies

    @get("/{locale:str}/{audience:str}/search", name="search")
    async def search(
        self,
        *,
        request: Request[Any, Any, Any],
        site: SiteDependency,
        catalog: CatalogDependency,
        choice: ChoiceDependency,
        search: SearchDependency,
        q: Annotated[str, QueryParameter(max_length=MAX_QUERY)] = "",
        page: Page = 1,
    ) -> Response[str]:
        """The search form and, once something was asked, the answers that match."""
        found = (
            await _search(
                site, search, catalog, choice=choice, query=q, page=page, page_size=urls.PAGE_SIZE, for_api=False
            )
            if q
            else None
        )
        pager = {}
        if found is not None:
            query = {"q": q}
            if page > 1:
                pager["prev"] = urls.search_path(choice, {**query, **({"page": str(page - 1)} if page > 2 else {})})
            if page < found.pages:
                pager["next"] = urls.search_path(choice, {**query, "page": str(page + 1)})
        html = site.pages.render(
            "search.html",
            choice.locale,
            query=q,
            found=found,
            pager=pager,
            **site.page_context(choice, request.url.path),
        )
        return Response(html, media_type="text/html", headers={"Cache-Control": site.settings.canonical_cache_control})
