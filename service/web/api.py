"""The JSON API for mobile apps, `/api/v1`: the same renditions as the pages, as msgspec documents."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import PathParameter, QueryParameter

from service.content.model import Audience
from service.delivery.locales import endonym, language_name, negotiate, text_direction
from service.delivery.resolution import Choice
from service.i18n.labels import AUDIENCE_LABELS
from service.rendition.model import AnswerList, AnswerRendition
from service.web.errors import ProblemDocument
from service.web.paths import API_PREFIX
from service.web.responses import CANONICAL_CACHE, content_language
from service.web.site import SiteDependency

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
_AUDIENCE_VALUES = [audience.value for audience in Audience]


class AudienceOut(msgspec.Struct, frozen=True, kw_only=True):
    """An audience and what the selector calls it."""

    id: Audience
    label: str


class AudienceList(msgspec.Struct, frozen=True, kw_only=True):
    """Every audience, labelled in `locale`."""

    locale: str
    audiences: list[AudienceOut]


class LocaleOut(msgspec.Struct, frozen=True, kw_only=True):
    """A supported locale."""

    tag: str
    """BCP 47 tag, as used in URLs and the `locale` parameter."""
    name: str
    """The locale's name in the requested locale."""
    native_name: str
    """The locale's name in its own language, as a language switcher shows it."""
    direction: str
    """`ltr` or `rtl`."""


class LocaleList(msgspec.Struct, frozen=True, kw_only=True):
    """Every supported locale, named in `locale`."""

    locale: str
    locales: list[LocaleOut]


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


class ApiController(Controller):
    """Answers as JSON. A missing `locale` is negotiated from `Accept-Language` (and the answer says `Vary`)."""

    path = API_PREFIX
    tags = ["answers"]  # noqa: RUF012 - Litestar reads this class attribute

    def _choice(
        self, request: AnyRequest, site: SiteDependency, audience: str | None, locale: str | None
    ) -> tuple[Choice, bool]:
        """The choice, and whether Accept-Language decided the locale."""
        chosen_audience = site.audience(audience) if audience is not None else site.settings.default_audience
        if locale is not None:
            return Choice(chosen_audience, site.locale(locale)), False
        negotiated = negotiate(request.headers.get("accept-language"), site.settings.supported_locales)
        return Choice(chosen_audience, negotiated or site.settings.default_locale), True

    @staticmethod
    def _headers(locales: list[str], negotiated: bool) -> dict[str, str]:
        headers = {"Cache-Control": CANONICAL_CACHE, "Content-Language": content_language(locales)}
        if negotiated:
            headers["Vary"] = "Accept-Language"
        return headers

    @get(
        "/answers",
        name="api-answers",
        operation_id="listAnswers",
        summary="Every answer, for an audience and locale",
        responses={400: _BAD_VALUE},
        sync_to_thread=False,
    )
    def list_answers(
        self,
        request: AnyRequest,
        site: SiteDependency,
        audience: AudienceQuery = None,
        locale: LocaleQuery = None,
    ) -> Response[AnswerList]:
        """Question, review status and last update of every answer, with a link to its rendition."""
        choice, negotiated = self._choice(request, site, audience, locale)
        listing = site.listing(choice, site.catalog, for_api=True)
        locales = [answer.question_locale for answer in listing.answers] or [choice.locale]
        return Response(listing, headers=self._headers(locales, negotiated))

    @get(
        "/answers/{slug:str}",
        name="api-answer",
        operation_id="getAnswer",
        summary="One answer, rendered for an audience and locale",
        responses={400: _BAD_VALUE, 404: _NO_ANSWER},
        sync_to_thread=False,
    )
    def get_answer(
        self,
        request: AnyRequest,
        site: SiteDependency,
        slug: SlugPath,
        audience: AudienceQuery = None,
        locale: LocaleQuery = None,
    ) -> Response[AnswerRendition]:
        """Every section in the best text for the audience and locale; fallbacks are flagged per section."""
        choice, negotiated = self._choice(request, site, audience, locale)
        catalog = site.catalog
        rendition = site.rendition(site.answer(slug, catalog), choice, catalog, for_api=True)
        served = [section.served_locale for section in (*rendition.sections, rendition.disclaimer)]
        return Response(rendition, headers=self._headers([rendition.question_locale, *served], negotiated))

    @get(
        "/audiences",
        name="api-audiences",
        operation_id="listAudiences",
        summary="The audiences, labelled in a locale",
        responses={400: _BAD_VALUE},
        sync_to_thread=False,
    )
    def list_audiences(
        self,
        request: AnyRequest,
        site: SiteDependency,
        locale: LocaleQuery = None,
    ) -> Response[AudienceList]:
        """What "Which best describes you?" offers, in the requested language."""
        choice, negotiated = self._choice(request, site, None, locale)
        with site.pages.in_locale(choice.locale) as translations:
            audiences = [
                AudienceOut(id=audience, label=translations.gettext(AUDIENCE_LABELS[audience])) for audience in Audience
            ]
        return Response(
            AudienceList(locale=choice.locale, audiences=audiences), headers=self._headers([choice.locale], negotiated)
        )

    @get(
        "/locales",
        name="api-locales",
        operation_id="listLocales",
        summary="The supported locales, named in a locale",
        responses={400: _BAD_VALUE},
        sync_to_thread=False,
    )
    def list_locales(
        self,
        request: AnyRequest,
        site: SiteDependency,
        locale: LocaleQuery = None,
    ) -> Response[LocaleList]:
        """Every locale a reader can choose, with its name and writing direction."""
        choice, negotiated = self._choice(request, site, None, locale)
        locales = [
            LocaleOut(
                tag=tag, name=language_name(tag, choice.locale), native_name=endonym(tag), direction=text_direction(tag)
            )
            for tag in site.settings.supported_locales
        ]
        return Response(
            LocaleList(locale=choice.locale, locales=locales), headers=self._headers([choice.locale], negotiated)
        )
