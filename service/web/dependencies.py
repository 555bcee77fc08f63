"""What handlers are given by dependency injection: the site, the renditions, the request's catalog and choice.

The reader's choice is resolved here, by `service.choice.resolve`, from what each kind of route
carries: reader pages from the path and the preference cookie, the JSON API from its query
parameters (apps send no cookie), both from Accept-Language. Handlers ask for `choice` (and API
handlers for `resolution`, to know whether to say `Vary: Accept-Language`).
"""

from __future__ import annotations

from typing import Annotated, Any, TypeAlias, cast

from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.openapi.spec import Example
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from service.choice import Choice, Resolution, resolve
from service.content.catalog import Catalog
from service.content.model import Audience
from service.content.reloader import ContentReloader
from service.errors import InvalidParameter
from service.i18n.labels import N_
from service.rendition.renditions import Renditions
from service.rendition.site import Site

__all__ = [
    "CATALOG_SCOPE_KEY",
    "HTTPS_SCOPE_KEY",
    "AudienceQuery",
    "CatalogDependency",
    "ChoiceDependency",
    "LocaleQuery",
    "NotCanonical",
    "ReloaderDependency",
    "RenditionsDependency",
    "ResolutionDependency",
    "SessionDependency",
    "SiteDependency",
    "api_choice_dependencies",
    "api_locale_dependencies",
    "app_dependencies",
    "page_choice_dependencies",
]

AnyRequest = Request[Any, Any, Any]

CATALOG_SCOPE_KEY = "tailor.catalog"
"""Where the request's catalog snapshot travels in the ASGI scope (set by the fast path)."""
HTTPS_SCOPE_KEY = "tailor.https"
"""Whether the request arrived over HTTPS, directly or through a trusted proxy (set by the fast path)."""

SiteDependency: TypeAlias = NamedDependency[Site]
SessionDependency: TypeAlias = NamedDependency[AsyncSession]
"""A database session of the store, for one request."""
RenditionsDependency: TypeAlias = NamedDependency[Renditions]
ReloaderDependency: TypeAlias = NamedDependency[ContentReloader]
"""The app's content reloader (its `source` says where content comes from)."""
CatalogDependency: TypeAlias = NamedDependency[Catalog]
"""The catalog snapshot taken when the request arrived: one request, one content revision."""
ResolutionDependency: TypeAlias = NamedDependency[Resolution]
ChoiceDependency: TypeAlias = NamedDependency[Choice]

AudienceQuery = Annotated[
    str | None,
    QueryParameter(
        description="Who the text is for. Default: the service's default audience.",
        schema_extra={"enum": [audience.value for audience in Audience]},
    ),
]
LocaleQuery = Annotated[
    str | None,
    QueryParameter(
        description="BCP 47 locale. When absent, negotiated from `Accept-Language`, then the default.",
        examples=[Example(value="es")],
    ),
]


def _request_catalog(request: AnyRequest, site: SiteDependency) -> Catalog:
    scope = cast("dict[str, Any]", request.scope)
    catalog = scope.get(CATALOG_SCOPE_KEY)
    return catalog if isinstance(catalog, Catalog) else site.live.catalog


class NotCanonical(Exception):
    """A page's URL spells its locale otherwise than the canonical URL does (`/es-mx/…`, `/es-AR/…`)."""

    def __init__(self, location: str) -> None:
        """Keep the canonical URL, which the response redirects to (308)."""
        super().__init__(location)
        self.location = location


def _page_resolution(request: AnyRequest, site: SiteDependency) -> Resolution:
    """Path first (canonical pages), then the preference cookie, then Accept-Language."""
    url_locale = request.path_params.get("locale")
    resolution = resolve(
        settings=site.settings,
        url_audience=request.path_params.get("audience"),
        url_locale=url_locale,
        cookie=request.cookies.get(site.settings.preference_cookie),
        accept_language=request.headers.get("accept-language"),
    )
    if url_locale is not None and url_locale != resolution.choice.locale:
        # One URL per page: other spellings of the locale lead to the canonical one.
        path = request.url.path.replace(f"/{url_locale}", f"/{resolution.choice.locale}", 1)
        raise NotCanonical(path + (f"?{request.url.query}" if request.url.query else ""))
    return resolution


def _api_resolution(
    request: AnyRequest, site: SiteDependency, audience: AudienceQuery = None, locale: LocaleQuery = None
) -> Resolution:
    """Query parameters first (each at most once), then Accept-Language; apps carry no preference cookie."""
    for name in ("audience", "locale"):
        if len(request.query_params.getall(name, [])) > 1:
            raise InvalidParameter(name, N_("“%(name)s” may be given only once."))
    return resolve(
        settings=site.settings,
        url_audience=audience,
        url_locale=locale,
        accept_language=request.headers.get("accept-language"),
    )


def _api_locale_resolution(request: AnyRequest, site: SiteDependency, locale: LocaleQuery = None) -> Resolution:
    """As `_api_resolution`, for documents that are the same for every audience (labels, locale names)."""
    return _api_resolution(request, site, None, locale)


def _choice(resolution: ResolutionDependency) -> Choice:
    return resolution.choice


def app_dependencies(site: Site, renditions: Renditions) -> dict[str, Provide]:
    """What every handler may ask for."""
    return {
        "site": Provide(lambda: site, use_cache=True, sync_to_thread=False),
        "renditions": Provide(lambda: renditions, use_cache=True, sync_to_thread=False),
        "catalog": Provide(_request_catalog, sync_to_thread=False),
        "choice": Provide(_choice, sync_to_thread=False),
    }


page_choice_dependencies = {"resolution": Provide(_page_resolution, sync_to_thread=False)}
"""For controllers of reader pages."""
api_choice_dependencies = {"resolution": Provide(_api_resolution, sync_to_thread=False)}
"""For controllers of the JSON API."""
api_locale_dependencies = {"resolution": Provide(_api_locale_resolution, sync_to_thread=False)}
"""For JSON API routes whose documents do not depend on the audience."""
