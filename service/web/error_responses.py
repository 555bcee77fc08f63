"""Turning every error into a response: a problem document under the API, a localized page elsewhere.

One function, `ErrorResponses.render`, shapes every error response: those of Litestar's exception
handlers and the fast path's own refusals (431, 503) alike, so a client sees one format whichever
layer refused it.
"""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from babel.support import NullTranslations
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_404_NOT_FOUND, HTTP_405_METHOD_NOT_ALLOWED
from litestar.types import ExceptionHandlersMap

from service.choice import interface_language, resolve
from service.errors import (
    ContentRejected,
    InternalError,
    InvalidInput,
    MethodNotAllowed,
    NotFound,
    ProblemDocument,
    RequestRefused,
    TailorError,
    Unauthorized,
    shown,
)
from service.rendition.encoded import PRIVATE
from service.rendition.site import Site
from service.rendition.urls import API_PREFIX, EDITORIAL_LANGUAGE_COOKIE, EDITORIAL_PATH
from service.web.conditional import RawResponse

__all__ = ["ErrorResponses", "problem_document"]

logger = logging.getLogger(__name__)
AnyRequest = Request[Any, Any, Any]
_encoder = msgspec.json.Encoder()
_PROBLEM_JSON = b"application/problem+json"
_HTML = b"text/html; charset=utf-8"


def problem_document(error: TailorError, translations: NullTranslations | None = None) -> ProblemDocument:
    """The problem document of `error`, its title and detail translated by `translations` (else in English)."""
    gettext = translations.gettext if translations is not None else str
    return ProblemDocument(
        type=error.problem_type,
        title=gettext(error.title),
        status=error.status_code,
        detail=gettext(error.detail) % error.values,
        allowed=error.allowed,
        findings=error.findings if isinstance(error, ContentRejected) else None,
        invalid=error.invalid if isinstance(error, RequestRefused) else None,
    )


class ErrorResponses:
    """Renders errors with the site's templates; its methods are the app's exception handlers."""

    def __init__(self, site: Site) -> None:
        """Render pages with `site`."""
        self.site = site

    def render(
        self,
        error: TailorError,
        *,
        path: str,
        url_audience: str | None = None,
        url_locale: str | None = None,
        cookie: str | None = None,
        accept_language: str | None = None,
        editorial_language: str | None = None,
    ) -> RawResponse:
        """The response for `error` on `path`: problem+json under the API prefix, an HTML page elsewhere.

        An error page is in the URL's locale and audience where they are valid, else as a bare URL
        would resolve; nothing about the error can stop the page from rendering. Under /editorial it is
        an editorial page in the editor's language (their choice, else Accept-Language), whatever the text's locale.
        """
        headers = [(b"cache-control", PRIVATE.encode())]
        if error.retry_after is not None:
            headers.append((b"retry-after", str(error.retry_after).encode()))
        if isinstance(error, Unauthorized):
            headers.append((b"www-authenticate", b'Bearer realm="tailor-editorial"'))
        choice = resolve(
            settings=self.site.settings,
            url_audience=url_audience,
            url_locale=url_locale,
            cookie=cookie,
            accept_language=accept_language,
            strict=False,
        ).choice
        headers.append((b"content-language", choice.locale.encode()))
        if path.startswith(API_PREFIX):
            # In the language the request asked for (`locale`, else Accept-Language), as an app shows it.
            with self.site.pages.in_locale(choice.locale) as translations:
                document = problem_document(error, translations)
            return RawResponse(
                error.status_code, [(b"content-type", _PROBLEM_JSON), *headers], _encoder.encode(document)
            )
        if path == EDITORIAL_PATH or path.startswith(f"{EDITORIAL_PATH}/"):
            settings = self.site.settings
            locale = interface_language(
                editorial_language, accept_language, settings.supported_locales, settings.default_locale
            )
            headers[-1] = (b"content-language", locale.encode())
            html = self.site.editorial_error_page(error, locale, path).encode()
        else:
            html = self.site.error_page(error, choice, path).encode()
        return RawResponse(error.status_code, [(b"content-type", _HTML), *headers], html)

    def for_request(self, request: AnyRequest, error: TailorError) -> Response[Any]:
        """`render` for a Litestar request, as a Litestar response."""
        path = request.url.path
        # A path that matched no route has no path parameters; its first segment may still name a locale.
        rendered = self.render(
            error,
            path=path,
            url_audience=request.path_params.get("audience"),
            url_locale=request.path_params.get("locale")
            or (request.query_params.get("locale") if path.startswith(API_PREFIX) else path.split("/")[1]),
            # Apps send no preference cookie; a browser's must not change what the API says.
            cookie=None if path.startswith(API_PREFIX) else request.cookies.get(self.site.settings.preference_cookie),
            accept_language=request.headers.get("accept-language"),
            editorial_language=request.cookies.get(EDITORIAL_LANGUAGE_COOKIE),
        )
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in rendered.headers}
        # Litestar appends the charset to `text/*` types itself.
        media_type = headers.pop("content-type").split(";")[0]
        return Response(rendered.body, status_code=rendered.status, media_type=media_type, headers=headers)

    def tailor_error(self, request: AnyRequest, error: TailorError) -> Response[Any]:
        """Errors Tailor raises on purpose."""
        return self.for_request(request, error)

    def http_exception(self, request: AnyRequest, exception: HTTPException) -> Response[Any]:
        """Errors from Litestar itself: no route, wrong method, unreadable request."""
        error: TailorError
        if exception.status_code == HTTP_404_NOT_FOUND:
            error = NotFound()
        elif exception.status_code == HTTP_405_METHOD_NOT_ALLOWED:
            error = MethodNotAllowed()
        elif exception.status_code >= 500:
            logger.error(
                "HTTP %s on %s %s: %s", exception.status_code, request.method, request.url.path, exception.detail
            )
            error = InternalError()
        else:
            error = RequestRefused(exception.status_code, _invalid(exception))
        response = self.for_request(request, error)
        for name, value in (exception.headers or {}).items():
            response.headers[name] = value  # e.g. `Allow` on a 405
        return response

    def unexpected(self, request: AnyRequest, exception: Exception) -> Response[Any]:
        """Anything else: logged in full, answered with a generic 500 that gives nothing away."""
        logger.exception("unhandled %s on %s %s", type(exception).__name__, request.method, request.url.path)
        try:
            return self.for_request(request, InternalError())
        except Exception:
            logger.exception("the error page itself failed")
            return Response("Internal Server Error", status_code=500, media_type="text/plain; charset=utf-8")

    def handlers(self) -> ExceptionHandlersMap:
        """The app's `exception_handlers`."""
        return {TailorError: self.tailor_error, HTTPException: self.http_exception, Exception: self.unexpected}


def _invalid(exception: HTTPException) -> list[InvalidInput] | None:
    """What a validation failure found, as Litestar lists it in `extra` (messages quote no more than a key)."""
    if not isinstance(exception, ValidationException) or not isinstance(exception.extra, list):
        return None
    found = [
        InvalidInput(
            message=shown(str(item.get("message", "invalid")), 300),
            source=str(item["source"]) if item.get("source") else None,
            # For the body, Litestar's key is the handler's argument name (`data`): nothing a client sent.
            key=shown(str(item["key"]), 80) if item.get("key") and item.get("source") != "body" else None,
        )
        for item in exception.extra
        if isinstance(item, dict)
    ]
    return found or None
