"""The application factory: where plugins, routes, dependencies and error handling are wired."""

from __future__ import annotations

import logging
from importlib.metadata import version
from pathlib import Path

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin
from litestar.openapi.spec import OpenAPIType, Parameter, Schema
from litestar.static_files import create_static_files_router

from service.content.model import Audience
from service.delivery.reload import ContentReloader
from service.delivery.rendition_cache import RenditionCache
from service.delivery.store import CatalogStore
from service.i18n.translations import load_translations
from service.logs import configure_logging
from service.settings import Settings
from service.web.api import ApiController
from service.web.error_handlers import handle_http_exception, handle_tailor_error, handle_unexpected
from service.web.errors import TailorError
from service.web.fast_path import FastPath
from service.web.metrics import MetricsController, observe, prometheus_config
from service.web.pages import PageController
from service.web.preferences import set_preferences
from service.web.renditions import Renditions
from service.web.site import Site, request_catalog
from service.web.system import health, ready
from service.web.templating import Pages

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> FastPath:
    """The Tailor application for `settings` (by default from `TAILOR_*` variables).

    The content loads in the background once the server starts: `/health` answers at once, `/ready`
    and every content URL answer 503 until the first catalog is in (and forever, if the content has
    errors, which the log then lists: fix them and send SIGHUP).
    """
    settings = settings or Settings.from_environment()
    configure_logging()
    translations = load_translations(settings.locales_dir, settings.supported_locales)
    site = Site(settings, CatalogStore(), Pages(translations))
    renditions = Renditions(site, RenditionCache(max_entries=settings.rendition_cache_size))
    reloader = ContentReloader(settings.content_dir, site.store, on_swap=renditions.retain_current)

    async def start_loading() -> None:
        await reloader.start(watch=settings.watch_content)

    app = Litestar(
        route_handlers=[
            PageController,
            set_preferences,
            ApiController,
            health,
            ready,
            MetricsController,
            create_static_files_router(
                path="/static", directories=[STATIC_DIR], name="static", include_in_schema=False
            ),
        ],
        dependencies={
            "site": Provide(lambda: site, use_cache=True, sync_to_thread=False),
            "renditions": Provide(lambda: renditions, use_cache=True, sync_to_thread=False),
            "catalog": Provide(request_catalog, sync_to_thread=False),
        },
        exception_handlers={
            TailorError: handle_tailor_error,
            HTTPException: handle_http_exception,
            Exception: handle_unexpected,
        },
        openapi_config=OpenAPIConfig(
            title="Tailor",
            version=version("tailor"),
            description="Medical answers written for clinicians, nurses and families, in their language.",
            path="/schema",
            render_plugins=[ScalarRenderPlugin()],
        ),
        middleware=[prometheus_config(settings.supported_locales).middleware],
        state=State({"site": site, "reloader": reloader}),
        on_startup=[start_loading],
        on_shutdown=[reloader.stop],
        request_max_body_size=16 * 1024,  # only the preferences form has a body, and it is tiny
        debug=False,
        logging_config=None,  # service.logs configures JSON logging for everything
    )
    _document_choices(app, {"locale": list(settings.supported_locales), "audience": [a.value for a in Audience]})
    fast_path = FastPath(
        app, renditions, trusted_proxies=frozenset(settings.trusted_proxies), access_log=settings.access_log
    )
    fast_path.observed = observe(renditions, reloader, fast_path.fast_path_responses)
    return fast_path


def _document_choices(app: Litestar, allowed: dict[str, list[str]]) -> None:
    """List the allowed values of `locale` and `audience` in the OpenAPI document.

    Locales are configuration, not code, so the handlers' annotations cannot name them; both
    parameters are optional strings, which the document should say plainly.
    """
    for path_item in (app.openapi_schema.paths or {}).values():
        operation = path_item.get
        for parameter in (operation.parameters or []) if operation is not None else []:
            if isinstance(parameter, Parameter) and parameter.name in allowed and isinstance(parameter.schema, Schema):
                parameter.schema.one_of = None
                parameter.schema.type = OpenAPIType.STRING
                parameter.schema.enum = allowed[parameter.name]
