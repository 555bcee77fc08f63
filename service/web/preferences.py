"""`POST /preferences`: the audience selector and the language switcher, plain forms that work without JavaScript."""

from __future__ import annotations

from typing import Annotated, Any, cast

import msgspec
from litestar import Request, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from service.delivery.resolution import Choice, cookie_value
from service.i18n.labels import N_
from service.web import paths
from service.web.errors import InvalidParameter
from service.web.site import HTTPS_SCOPE_KEY, SiteDependency

ONE_YEAR = 365 * 24 * 60 * 60


class PreferenceForm(msgspec.Struct, frozen=True, kw_only=True):
    """What the forms send."""

    audience: str
    locale: str
    next: str = "/"


@post("/preferences", name="preferences", include_in_schema=False, sync_to_thread=False, status_code=303)
def set_preferences(
    request: Request[Any, Any, Any],
    site: SiteDependency,
    data: Annotated[PreferenceForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Redirect:
    """Remember the choice in a cookie and go to `next` in the new choice (303, so the browser GETs it)."""
    choice = Choice(site.audience(data.audience), site.locale(data.locale))
    if not paths.is_local_path(data.next):
        raise InvalidParameter("next", N_("“%(name)s” must be a path on this site, starting with a single “/”."))
    response = Redirect(
        paths.retarget(data.next, choice), status_code=303, headers={"Cache-Control": "private, no-store"}
    )
    response.set_cookie(
        site.settings.preference_cookie,
        cookie_value(choice),
        max_age=ONE_YEAR,
        path="/",
        samesite="lax",
        httponly=True,
        secure=bool(cast("dict[str, object]", request.scope).get(HTTPS_SCOPE_KEY, request.url.scheme == "https")),
    )
    return response
