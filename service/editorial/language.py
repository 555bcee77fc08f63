"""The language an editor reads the editorial pages in, chosen on those pages and remembered in their browser.

Without a choice the pages follow the browser's Accept-Language (`interface_language`). The choice is a
cookie confined to `/editorial`, like the session: reader pages never receive it, and the error pages
under `/editorial`, which have no session to read, honour it too. It is a plain form (CSRF-protected like
every editorial form), so it works without JavaScript and before signing in.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from service.errors import UnsupportedLocale
from service.rendition.urls import EDITORIAL_LANGUAGE_COOKIE, EDITORIAL_PATH, is_local_path
from service.structs import Record
from service.web.dependencies import SiteDependency
from service.web.responses import remember, see_other

__all__ = ["EditorLanguage", "LanguageForm"]


class LanguageForm(Record):
    """What the language form sends: the language, and the editorial page to go back to."""

    locale: str = ""
    next: str = f"{EDITORIAL_PATH}/queue"


class EditorLanguage(Controller):
    """`POST /editorial/language`: remember the editorial pages' language, then go back."""

    path = "/language"
    include_in_schema = False  # a page's form, like the other editorial pages: not part of the API

    @post("/", name="editorial-language", status_code=303, sync_to_thread=False)
    def choose(
        self,
        request: Request[Any, Any, Any],
        site: SiteDependency,
        data: Annotated[LanguageForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Redirect:
        """Remember `locale` for a year and return to `next` (an editorial page; else the queue)."""
        supported = site.settings.supported_locales
        if data.locale not in supported:
            raise UnsupportedLocale(data.locale, list(supported))
        back = data.next if is_local_path(data.next) and data.next.startswith(f"{EDITORIAL_PATH}/") else None
        response = see_other(back or f"{EDITORIAL_PATH}/queue")
        remember(response, request, EDITORIAL_LANGUAGE_COOKIE, data.locale, path=EDITORIAL_PATH, samesite="strict")
        return response
