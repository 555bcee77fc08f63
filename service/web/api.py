"""The JSON API for mobile apps, `/api/v1`: the same renditions as the pages, as msgspec documents."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import PathParameter, QueryParameter
from litestar.types import ASGIApp

from service.content.model import Audience
from service.delivery.locales import negotiate
from service.delivery.resolution import Choice
from service.i18n.labels import N_
from service.rendition.model import AnswerList, AnswerRendition
from service.web.api_model import AudienceList, LocaleList
from service.web.conditional import respond_to
from service.web.errors import InvalidParameter, ProblemDocument
from service.web.paths import API_PREFIX
from service.web.renditions import RenditionsDependency
from service.web.site import CatalogDependency, Site, SiteDependency

AnyRequest = Request[Any, Any, Any]
PROBLEM_JSON = "application/problem+json"
_BAD_VALUE = ResponseSpec(
    data_container=ProblemDocument,
    description="Unknown audience or unsupported locale; `allowed` lists the accepted values.",
    media_type=PROBLEM_JSON,
)
_NO_ANSWER = ResponseSpec(
    data_container=ProblemDocument, description="No answer has this slug.", media_type=PROBLEM_JSON
)
_NOT_MODIFIED = ResponseSpec(
    data_container=None,
    description="Not modified: the `If-None-Match` ETag is current. No body.",
    generate_examples=False,
)
_AUDIENCE_VALUES = [audience.value for audience in Audience]

AudienceQuery = Annotated[
    str | None,
    QueryParameter(
        description="Who the text is for. Default: the service's default audience.",
        schema_extra={"enum": _AUDIENCE_VALUES},
    ),
]
LocaleQuery = Annotated[
    str | None,
    QueryParameter(
        description="BCP 47 locale. When absent, negotiated from `Accept-Language`, then the default.",
        examples=[Example(value="es")],
    ),
]
SlugPath = Annotated[str, PathParameter(description="The answer's slug, e.g. `palliative-neuroblastoma`.")]


def _ok(document: type, description: str) -> dict[int, ResponseSpec]:
    return {
        200: ResponseSpec(data_container=document, description=description),
        304: _NOT_MODIFIED,
        400: _BAD_VALUE,
    }


def _choice(request: AnyRequest, site: Site, audience: str | None, locale: str | None) -> tuple[Choice, bool]:
    """The choice, and whether Accept-Language decided the locale. Each parameter may appear once."""
    for name in ("audience", "locale"):
        if len(request.query_params.getall(name, [])) > 1:
            raise InvalidParameter(name, N_("“%(name)s” may be given only once."))
    chosen_audience = site.audience(audience) if audience is not None else site.settings.default_audience
    if locale is not None:
        return Choice(chosen_audience, site.locale(locale)), False
    negotiated = negotiate(request.headers.get("accept-language"), site.settings.supported_locales)
    return Choice(chosen_audience, negotiated or site.settings.default_locale), True


class ApiController(Controller):
    """Answers as JSON. A missing `locale` is negotiated from `Accept-Language` (and the answer says `Vary`)."""

    path = API_PREFIX
    tags = ["answers"]  # noqa: RUF012 - Litestar reads this class attribute

    @get(
        "/answers",
        name="api-answers",
        operation_id="listAnswers",
        summary="Every answer, for an audience and locale",
        responses=_ok(AnswerList, "Question, review status and last update of every answer."),
        sync_to_thread=False,
    )
    def list_answers(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        renditions: RenditionsDependency,
        catalog: CatalogDependency,
        audience: AudienceQuery = None,
        locale: LocaleQuery = None,
    ) -> ASGIApp:
        """Question, review status and last update of every answer, with a link to its rendition."""
        choice, negotiated = _choice(request, site, audience, locale)
        entry = renditions.list_json(choice, catalog)
        return respond_to(request, entry, varies_on_language=negotiated)

    @get(
        "/answers/{slug:str}",
        name="api-answer",
        operation_id="getAnswer",
        summary="One answer, rendered for an audience and locale",
        responses={
            **_ok(AnswerRendition, "Every section in the best text for the audience and locale."),
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
        slug: SlugPath,
        audience: AudienceQuery = None,
        locale: LocaleQuery = None,
    ) -> ASGIApp:
        """Every section in the best text for the audience and locale; fallbacks are flagged per section."""
        choice, negotiated = _choice(request, site, audience, locale)
        entry = renditions.answer_json(choice, site.answer(slug, catalog), catalog)
        return respond_to(request, entry, varies_on_language=negotiated)

    @get(
        "/audiences",
        name="api-audiences",
        operation_id="listAudiences",
        summary="The audiences, labelled in a locale",
        responses=_ok(AudienceList, "What “Which best describes you?” offers, in the requested language."),
        sync_to_thread=False,
    )
    def list_audiences(
        self, request: AnyRequest, site: SiteDependency, renditions: RenditionsDependency, locale: LocaleQuery = None
    ) -> ASGIApp:
        """What "Which best describes you?" offers, in the requested language."""
        choice, negotiated = _choice(request, site, None, locale)
        entry = renditions.audiences_json(choice.locale)
        return respond_to(request, entry, varies_on_language=negotiated)

    @get(
        "/locales",
        name="api-locales",
        operation_id="listLocales",
        summary="The supported locales, named in a locale",
        responses=_ok(LocaleList, "Every locale a reader can choose, with its name and writing direction."),
        sync_to_thread=False,
    )
    def list_locales(
        self, request: AnyRequest, site: SiteDependency, renditions: RenditionsDependency, locale: LocaleQuery = None
    ) -> ASGIApp:
        """Every locale a reader can choose, with its name and writing direction."""
        choice, negotiated = _choice(request, site, None, locale)
        entry = renditions.locales_json(choice.locale)
        return respond_to(request, entry, varies_on_language=negotiated)
