"""The JSON API for mobile apps, `/api/v1`: the same renditions as the pages, as msgspec documents."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import PathParameter, QueryParameter
from litestar.types import ASGIApp

from service.content.model import SECTION_ID_PATTERN
from service.errors import InvalidParameter, NotFound, TokenGone
from service.i18n.labels import N_
from service.rendition import urls
from service.rendition.api_model import AudienceList, LocaleList
from service.rendition.document import AnswerDocument, AnswerPage, TermOut
from service.rendition.manifest import (
    MAX_BATCH,
    MAX_BATCH_CHARACTERS,
    BatchDocument,
    Manifest,
    parse_token,
    token_for,
)
from service.rendition.urls import RenditionKind
from service.web.conditional import matches, respond_to
from service.web.dependencies import (
    CatalogDependency,
    ReloaderDependency,
    RenditionsDependency,
    ResolutionDependency,
    SiteDependency,
    api_choice_dependencies,
    api_locale_dependencies,
)
from service.web.openapi_examples import ANSWER_EXAMPLE, problem_response

__all__ = ["ApiController"]

AnyRequest = Request[Any, Any, Any]
_BAD_VALUE = problem_response("Unknown audience or unsupported locale; `allowed` lists the accepted values.", 400)
_NO_ANSWER = problem_response("No answer has this slug.", 404)
_NO_PAGE = problem_response("The list has fewer pages.", 404, NotFound())
_NOT_MODIFIED = ResponseSpec(
    data_container=None,
    description="Not modified: the `If-None-Match` ETag is current. No body.",
    generate_examples=False,
)
SlugPath = Annotated[str, PathParameter(description="The answer's slug, e.g. `palliative-neuroblastoma`.")]


def _ok(document: type, description: str, example: Example | None = None) -> dict[int, ResponseSpec]:
    return {
        200: ResponseSpec(
            data_container=document,
            description=description,
            generate_examples=False,
            examples=[example] if example is not None else None,
        ),
        304: _NOT_MODIFIED,
        400: _BAD_VALUE,
    }


class ApiController(Controller):
    """Answers as JSON. A missing `locale` is negotiated from `Accept-Language` (and the answer says `Vary`)."""

    path = urls.API_PREFIX
    tags = ["answers"]  # noqa: RUF012 - Litestar reads this class attribute
    dependencies = api_choice_dependencies

    @get(
        urls.ROUTES[RenditionKind.LIST_JSON],
        name=RenditionKind.LIST_JSON,
        operation_id="listAnswers",
        summary="Every answer, for an audience and locale",
        responses={
            **_ok(AnswerPage, "One page of the answers, in slug order: question, review status, last update."),
            404: _NO_PAGE,
        },
        sync_to_thread=False,
    )
    def list_answers(
        self,
        *,
        request: AnyRequest,
        renditions: RenditionsDependency,
        catalog: CatalogDependency,
        resolution: ResolutionDependency,
        page: Annotated[int, QueryParameter(ge=1, le=2**31 - 1, description="Which page, from 1.")] = 1,
        page_size: Annotated[
            int, QueryParameter(ge=1, le=urls.MAX_PAGE_SIZE, description="Answers per page (default 50).")
        ] = urls.PAGE_SIZE,
    ) -> ASGIApp:
        """Question, review status and last update of each answer, with a link to its rendition, a page at a time.

        `total` and `pages` say how many there are; `Link` names the `prev` and `next` pages.
        """
        entry = renditions.list_json(resolution.choice, catalog, page, page_size)
        return respond_to(request, entry, varies_on_language=resolution.varies_on_language)

    @get(
        urls.ROUTES[RenditionKind.ANSWER_JSON],
        name=RenditionKind.ANSWER_JSON,
        operation_id="getAnswer",
        summary="One answer, rendered for an audience and locale",
        responses={
            **_ok(
                AnswerDocument,
                "Every section in the best text for the audience and locale.",
                Example(
                    summary="The Spanish family text of the bundled answer (its first section only)",
                    value=ANSWER_EXAMPLE,
                ),
            ),
            404: _NO_ANSWER,
        },
        sync_to_thread=False,
    )
    def get_answer(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        renditions: RenditionsDependency,
        catalog: CatalogDependency,
        resolution: ResolutionDependency,
        slug: SlugPath,
    ) -> ASGIApp:
        """Every section in the best text for the audience and locale; fallbacks are flagged per section."""
        entry = renditions.answer_json(resolution.choice, site.answer(slug, catalog), catalog)
        return respond_to(request, entry, varies_on_language=resolution.varies_on_language)

    @get(
        urls.ROUTES[RenditionKind.MANIFEST_JSON],
        name=RenditionKind.MANIFEST_JSON,
        operation_id="getManifest",
        summary="Every answer's rendition ETag for an audience and locale, or what changed since a token",
        responses={
            **_ok(Manifest, "The manifest, full or (with `since`) a delta with tombstones."),
            410: problem_response(
                "The token cannot be answered with a delta (another store's, or too far behind): "
                "fetch the manifest without `since`.",
                410,
                TokenGone(),
            ),
        },
    )
    async def get_manifest(
        self,
        *,
        request: AnyRequest,
        renditions: RenditionsDependency,
        catalog: CatalogDependency,
        resolution: ResolutionDependency,
        reloader: ReloaderDependency,
        since: Annotated[
            str | None,
            QueryParameter(
                description="The `token` of the manifest you hold: only what changed since is listed.",
                max_length=64,
            ),
        ] = None,
    ) -> ASGIApp:
        """Slug, ETag, last update, review state and URL of every answer, so that an app fetches only what differs.

        With `since`, only the answers changed since that token, and tombstones (`deleted: true`) for
        those no longer published; send `If-None-Match` with the manifest ETag you hold (the full
        manifest's `ETag`, or a delta's `manifest_etag`) and an app that is current gets a 304. A server
        on a content directory keeps no history: it answers the full manifest (`full: true`, `token: null`).
        """
        choice = resolution.choice
        # One catalog, one moment: its answers, its ETags and its token (how far it followed the store).
        position = catalog.position
        whole = renditions.manifest_json(choice, catalog)
        if position is None or since is None:  # a content directory keeps no history: its catalogs have no position
            return respond_to(request, whole, varies_on_language=resolution.varies_on_language)
        after = parse_token(since, position.log)
        if matches(request.headers.get("if-none-match", "").encode("latin-1"), whole.etags):
            # The app holds this very manifest (these answers, this token): a 304.
            return respond_to(request, whole, varies_on_language=resolution.varies_on_language)
        changed: frozenset[str] = frozenset()
        if after < position.newest:
            changed = await reloader.source.changed_between(after, position.newest)
        moved_on = token_for(position.log, max(after, position.newest))
        entry = renditions.delta_json(choice, catalog, changed, moved_on, current=whole)
        return respond_to(request, entry, varies_on_language=resolution.varies_on_language)

    @get(
        "/batch",
        operation_id="getBatch",
        summary=f"Up to {MAX_BATCH} answers' JSON renditions in one response",
        responses=_ok(BatchDocument, "Each answer asked for with its ETag; `missing` lists slugs with none."),
        sync_to_thread=False,
    )
    def get_batch(
        self,
        *,
        request: AnyRequest,
        renditions: RenditionsDependency,
        catalog: CatalogDependency,
        resolution: ResolutionDependency,
        slugs: Annotated[
            str,
            QueryParameter(
                description=f"Comma-separated slugs, at most {MAX_BATCH} and {MAX_BATCH_CHARACTERS:,} characters, "
                "e.g. `palliative-neuroblastoma`.",
                pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:,[a-z0-9]+(?:-[a-z0-9]+)*)*$",
                max_length=MAX_BATCH_CHARACTERS,
            ),
        ],
    ) -> ASGIApp:
        """The answers' JSON renditions for an audience and locale, as `GET /answers/{slug}` gives each."""
        asked = list(dict.fromkeys(slugs.split(",")))
        if len(asked) > MAX_BATCH:
            raise InvalidParameter("slugs", N_("“%(name)s” may name at most %(limit)s answers."), limit=MAX_BATCH)
        entry = renditions.batch_json(resolution.choice, catalog, asked)
        return respond_to(request, entry, varies_on_language=resolution.varies_on_language)

    @get(
        "/glossary/{term:str}",
        operation_id="getGlossaryTerm",
        summary="One glossary term's definition, for an audience and locale",
        tags=["glossary"],
        responses={
            **_ok(TermOut, "The definition this reader gets, along the same fallback chains as sections."),
            404: problem_response("The glossary does not define this term (for this reader, without fallback).", 404),
        },
        sync_to_thread=False,
    )
    def get_glossary_term(
        self,
        *,
        request: AnyRequest,
        renditions: RenditionsDependency,
        catalog: CatalogDependency,
        resolution: ResolutionDependency,
        term: Annotated[
            str,
            PathParameter(
                description="The term's id, e.g. `platelets`.",
                pattern=SECTION_ID_PATTERN,
                max_length=80,
                examples=[Example(summary="A term the bundled glossary defines", value="platelets")],
            ),
        ],
        use_fallback: Annotated[
            bool,
            QueryParameter(
                name="useFallback",
                description="Serve another audience's or locale's definition when this reader's is not written "
                "(default); `false`: a 404 instead.",
            ),
        ] = True,
    ) -> ASGIApp:
        """The definition of a word the answers explain: what a page's "Words to know" shows for this reader."""
        entry = renditions.term_json(resolution.choice, term, catalog, use_fallback=use_fallback)
        return respond_to(request, entry, varies_on_language=resolution.varies_on_language)

    @get(
        urls.ROUTES[RenditionKind.AUDIENCES_JSON],
        name=RenditionKind.AUDIENCES_JSON,
        dependencies=api_locale_dependencies,
        operation_id="listAudiences",
        summary="The audiences, labelled in a locale",
        responses=_ok(AudienceList, "What “Which best describes you?” offers, in the requested language."),
        sync_to_thread=False,
    )
    def list_audiences(
        self, request: AnyRequest, renditions: RenditionsDependency, resolution: ResolutionDependency
    ) -> ASGIApp:
        """What "Which best describes you?" offers, in the requested language."""
        entry = renditions.audiences_json(resolution.choice)
        return respond_to(request, entry, varies_on_language=resolution.varies_on_language)

    @get(
        urls.ROUTES[RenditionKind.LOCALES_JSON],
        name=RenditionKind.LOCALES_JSON,
        dependencies=api_locale_dependencies,
        operation_id="listLocales",
        summary="The supported locales, named in a locale",
        responses=_ok(LocaleList, "Every locale a reader can choose, with its name and writing direction."),
        sync_to_thread=False,
    )
    def list_locales(
        self, request: AnyRequest, renditions: RenditionsDependency, resolution: ResolutionDependency
    ) -> ASGIApp:
        """Every locale a reader can choose, with its name and writing direction."""
        entry = renditions.locales_json(resolution.choice)
        return respond_to(request, entry, varies_on_language=resolution.varies_on_language)
