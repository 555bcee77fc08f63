"""`POST /preferences`: the audience selector and the language switcher, plain forms that work without JavaScript."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from service.choice import cookie_value, resolve
from service.errors import InvalidParameter
from service.i18n.labels import N_
from service.rendition import urls
from service.structs import Record
from service.web.dependencies import SiteDependency
from service.web.responses import remember, see_other
from service.web.same_site import from_this_site

__all__ = ["PreferenceForm", "set_preferences"]


class PreferenceForm(Record):
    """What the forms send."""

    audience: str
    locale: str
    next: str = "/"


@post(
    "/preferences",
    name="preferences",
    include_in_schema=False,
    sync_to_thread=False,
    status_code=303,
    guards=[from_this_site],
)
def set_preferences(
    request: Request[Any, Any, Any],
    site: SiteDependency,
    data: Annotated[PreferenceForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Redirect:
    """Remember the choice in a cookie and go to `next` in the new choice (303, so the browser GETs it)."""
    choice = resolve(settings=site.settings, url_audience=data.audience, url_locale=data.locale).choice
    if not urls.is_local_path(data.next):
        raise InvalidParameter("next", N_("“%(name)s” must be a path on this site, starting with a single “/”."))
    response = see_other(urls.retarget(data.next, choice))
    remember(response, request, site.settings.preference_cookie, cookie_value(choice), path="/", samesite="lax")
    return response
