"""Turning every exception into a response: a problem document on the API, a localized page elsewhere."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.plugins.problem_details import ProblemDetailsException
from litestar.status_codes import HTTP_404_NOT_FOUND, HTTP_405_METHOD_NOT_ALLOWED

from service.content.model import Audience
from service.delivery.resolution import Choice, resolve
from service.web.errors import InternalError, MethodNotAllowed, NotFound, RequestRefused, TailorError
from service.web.paths import API_PREFIX
from service.web.responses import HTML, PRIVATE
from service.web.site import Site

logger = logging.getLogger(__name__)
AnyRequest = Request[Any, Any, Any]


def _page_choice(request: AnyRequest, site: Site) -> Choice:
    """The audience and locale of an error page: the URL's where valid, else as for a bare URL.

    A path that matched no route has no path parameters; its first segment may still name a locale.
    """
    url_locale = request.path_params.get("locale") or request.url.path.split("/")[1]
    return resolve(
        settings=site.settings,
        url_audience=Audience.from_value(request.path_params.get("audience")),
        url_locale=url_locale if url_locale in site.settings.supported_locales else None,
        cookie=request.cookies.get(site.settings.preference_cookie),
        accept_language=request.headers.get("accept-language"),
    ).choice


def error_response(request: AnyRequest, error: TailorError) -> Response[Any]:
    """The response for `error`: problem+json under the API prefix, an HTML page elsewhere."""
    headers = {"Cache-Control": PRIVATE}
    if request.url.path.startswith(API_PREFIX):
        problem = ProblemDetailsException(
            type_=error.problem_type,
            title=error.title,
            detail=str(error),
            status_code=error.status_code,
            extra={"allowed": error.allowed} if error.allowed else None,
            headers=headers,
        )
        return problem.to_response(request)
    site: Site = request.app.state.site
    choice = _page_choice(request, site)
    html = site.error_page(error, choice, request.url.path)
    return Response(
        html,
        status_code=error.status_code,
        media_type=HTML,
        headers={**headers, "Content-Language": choice.locale},
    )


def handle_tailor_error(request: AnyRequest, error: TailorError) -> Response[Any]:
    """Errors Tailor raises on purpose."""
    return error_response(request, error)


def handle_http_exception(request: AnyRequest, exception: HTTPException) -> Response[Any]:
    """Errors from Litestar itself: no route, wrong method, unreadable request."""
    error: TailorError
    if exception.status_code == HTTP_404_NOT_FOUND:
        error = NotFound()
    elif exception.status_code == HTTP_405_METHOD_NOT_ALLOWED:
        error = MethodNotAllowed()
    elif exception.status_code >= 500:
        logger.error("HTTP %s on %s %s: %s", exception.status_code, request.method, request.url.path, exception.detail)
        error = InternalError()
    else:
        error = RequestRefused(exception.status_code)
    response = error_response(request, error)
    for name, value in (exception.headers or {}).items():
        response.headers[name] = value  # e.g. `Allow` on a 405
    return response


def handle_unexpected(request: AnyRequest, exception: Exception) -> Response[Any]:
    """Anything else: logged in full, answered with a generic 500 that gives nothing away."""
    logger.exception("unhandled %s on %s %s", type(exception).__name__, request.method, request.url.path)
    try:
        return error_response(request, InternalError())
    except Exception:
        logger.exception("the error page itself failed")
        return Response("Internal Server Error", status_code=500, media_type="text/plain; charset=utf-8")
