"""The application factory: where plugins, routes, dependencies and error handling are wired."""

from __future__ import annotations

import functools
import logging
from importlib.metadata import version

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig, SQLAlchemyPlugin
from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import PermissionDeniedException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, OpenAPIType, Parameter, Schema, SecurityScheme
from litestar.response import Redirect
from sqlalchemy.exc import SQLAlchemyError

from service.apps.api import ApiController
from service.content.catalog import Catalog
from service.content.gate import Gate
from service.content.live import LiveCatalog, collect_garbage_less_often
from service.content.model import Audience
from service.content.reloader import ContentReloader
from service.content.sources import ContentSource, DirectorySource
from service.editorial.api import EditorialController, read_only_session
from service.editorial.language import EditorLanguage
from service.editorial.lint import Lexicon
from service.editorial.pages import EditorialPages
from service.editorial.profile import EditorProfile
from service.editorial.section_pages import SectionWorkbench
from service.editorial.session import EDITORIAL_PATH, SignInRequired, editorial_middleware, to_sign_in
from service.editorial.sign_ins import SignIns
from service.errors import FormRefused
from service.i18n.templating import Pages
from service.i18n.translations import load_translations
from service.logs import configure_logging
from service.reader.feedback import FeedbackController
from service.reader.pages import PageController
from service.reader.preferences import set_preferences
from service.reader.search_engines import SearchEngines
from service.rendition.cache import ResponseCache
from service.rendition.renditions import Renditions
from service.rendition.site import Site
from service.search.controllers import SearchApi, SearchPages
from service.search.index import SearchIndex
from service.settings import Settings
from service.store.database import alchemy_config
from service.store.feedback import forget_old_contacts
from service.store.rate_limits import RateLimits
from service.store.source import StoreSource
from service.web.cache_purge import CachePurger
from service.web.dependencies import NotCanonical, app_dependencies
from service.web.error_responses import ErrorResponses
from service.web.fast_path import FastPath
from service.web.metrics import MetricsController, ResponseCounts, observe, only_from
from service.web.schema_viewer import OfflineScalar
from service.web.security import Addresses
from service.web.static_assets import StaticAssets, serve_static
from service.web.strict_schema import StrictStructSchemaPlugin
from service.web.system import health, ready

__all__ = ["create_app"]

logger = logging.getLogger(__name__)
SCHEMA_VIEWER = "vendor/scalar-api-reference-1.46.4.js"
"""The API viewer's script, vendored (see service/static/vendor/README.md): /schema works offline."""


def create_app(settings: Settings | None = None) -> FastPath:
    """The Tailor application for `settings` (by default from `TAILOR_*` variables).

    The content loads in the background once the server starts: `/health` answers at once, `/ready`
    and every content URL answer 503 until the first catalog is in (and forever, if the content has
    errors, which the log then lists: fix them and send SIGHUP).
    """
    settings = settings or Settings.from_environment()
    configure_logging()
    translations = load_translations(settings.locales_dir, settings.supported_locales)
    live = LiveCatalog()
    assets = StaticAssets()
    site = Site(settings, live, Pages(translations, static_url=assets.url))
    cache = ResponseCache(max_entries=settings.rendition_cache_size)
    renditions = Renditions(site, cache)
    gate = Gate.configured(settings.reading_targets, settings.check_cache, strict_claims=settings.strict_claims)
    store = alchemy_config(settings.database_url) if settings.database_url else None
    source: ContentSource = (
        StoreSource(
            config=store,
            rules=gate,
            publish=settings.publish,
            poll_interval=settings.store_poll_interval,
        )
        if store is not None
        else DirectorySource(directory=settings.content_dir, rules=gate)
    )
    purger = CachePurger(settings.cache_purge_urls)

    def swapped(previous: Catalog | None, current: Catalog) -> None:
        renditions.retain_current()
        purger.published(previous, current)

    reloader = ContentReloader(source, live, on_swap=swapped)
    limits = RateLimits(store) if store is not None else None
    sign_ins = SignIns(limits) if limits is not None else None
    search = SearchIndex()
    errors = ErrorResponses(site)
    lexicons = Lexicon(settings.lexicon)

    async def start_loading() -> None:
        collect_garbage_less_often()
        # The store is always followed (other processes write to it); a directory only when asked.
        await reloader.start(follow=store is not None or settings.watch_content)
        if store is not None:
            await _forget_old_contacts(store, settings.feedback_contact_days)

    app = Litestar(
        route_handlers=[
            PageController,
            set_preferences,
            ApiController,
            EditorialController,
            Router(
                path=EDITORIAL_PATH,
                route_handlers=[EditorialPages, SectionWorkbench, EditorLanguage, EditorProfile],
                middleware=editorial_middleware(settings, store) if store is not None else [],
                exception_handlers={
                    SignInRequired: to_sign_in,
                    # Litestar's CSRF middleware refuses with a bare 403; say what happened and what to do.
                    PermissionDeniedException: lambda request, _: errors.for_request(request, FormRefused()),
                },
            ),
            health,
            ready,
            Router(path="/", route_handlers=[MetricsController], guards=[only_from(Addresses(settings.metrics_allow))]),
            SearchEngines,
            SearchApi,
            SearchPages,
            FeedbackController,
            serve_static,
        ],
        dependencies={
            **app_dependencies(site, renditions),
            "reloader": Provide(lambda: reloader, use_cache=True, sync_to_thread=False),
            "gate": Provide(lambda: gate, use_cache=True, sync_to_thread=False),
            "lexicons": Provide(lambda: lexicons, use_cache=True, sync_to_thread=False),
            "search": Provide(lambda: search, use_cache=True, sync_to_thread=False),
            "assets": Provide(lambda: assets, use_cache=True, sync_to_thread=False),
            **_store_dependencies(limits, sign_ins),
        },
        plugins=[StrictStructSchemaPlugin(), *([SQLAlchemyPlugin(config=store)] if store is not None else [])],
        exception_handlers={
            **errors.handlers(),
            NotCanonical: lambda _, moved: Redirect(
                moved.location, status_code=308, headers={"Cache-Control": settings.canonical_cache_control}
            ),
        },
        openapi_config=OpenAPIConfig(
            title="Tailor",
            version=version("tailor"),
            description="Medical answers written for clinicians, nurses and families, in their language.",
            path="/schema",
            render_plugins=[
                OfflineScalar(
                    js_url=assets.url(SCHEMA_VIEWER),
                    css_url=assets.url("schema.css"),
                    favicon="<link rel='icon' href='/favicon.ico'>",
                    style="",
                )
            ],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(
                        type="http", scheme="bearer", description="A token from `tailor users add NAME --role ROLE`."
                    )
                }
            ),
        ),
        # The editorial API's guard signs requests in before Litestar reads their parameters (no DI there).
        state=State({"reloader": reloader, "sign_ins": sign_ins, "public_url": settings.public_url}),
        on_startup=[start_loading],
        on_shutdown=[
            reloader.stop,
            purger.close,
            search.close,
            *([store.get_engine().dispose] if store is not None else []),
        ],
        request_max_body_size=16 * 1024,  # only the preferences form has a body, and it is tiny
        debug=False,
        logging_config=None,  # service.logs configures JSON logging for everything
    )
    _document_choices(app, {"locale": list(settings.supported_locales), "audience": [a.value for a in Audience]})
    counts = ResponseCounts(locales=frozenset(settings.supported_locales))
    fast_path = FastPath(
        app,
        renditions,
        errors,
        counts,
        trusted_proxies=Addresses(settings.trusted_proxies),
        access_log=settings.access_log,
        body_seconds=settings.body_seconds,
    )
    fast_path.observed = observe(cache, live, reloader, counts)
    return fast_path


async def _forget_old_contacts(store: SQLAlchemyAsyncConfig, days: int) -> None:
    """Erase readers' contacts older than `days` (each message does too; this covers a quiet store)."""
    try:
        async with store.get_session() as session, session.begin():
            await forget_old_contacts(session, days)
    except SQLAlchemyError as error:
        logger.warning("old feedback contacts not erased at start (%s): the next message erases them", error)


def _store_dependencies(limits: RateLimits | None, sign_ins: SignIns | None) -> dict[str, Provide]:
    """What handlers of the store get: its rate limits and sign-ins; without a store, every one answers 409."""
    if limits is None or sign_ins is None:
        # The editorial API and feedback have nothing to write to.
        # Litestar wants a callable of its own per key.
        return {
            key: Provide(functools.partial(read_only_session), sync_to_thread=False)
            for key in ("db_session", "rate_limits", "sign_ins")
        }
    return {
        "rate_limits": Provide(lambda: limits, use_cache=True, sync_to_thread=False),
        "sign_ins": Provide(lambda: sign_ins, use_cache=True, sync_to_thread=False),
    }


def _document_choices(app: Litestar, allowed: dict[str, list[str]]) -> None:
    """List the allowed values of `locale` and `audience` in the OpenAPI document.

    Locales are configuration, not code, so the handlers' annotations cannot name them; both
    parameters are optional strings, which the document should say plainly.
    """
    for path_item in (app.openapi_schema.paths or {}).values():
        for operation in (path_item.get, path_item.put, path_item.post):
            for parameter in (operation.parameters or []) if operation is not None else []:
                if (
                    isinstance(parameter, Parameter)
                    and parameter.name in allowed
                    and isinstance(parameter.schema, Schema)
                ):
                    parameter.schema.one_of = None
                    parameter.schema.type = OpenAPIType.STRING
                    parameter.schema.enum = allowed[parameter.name]
