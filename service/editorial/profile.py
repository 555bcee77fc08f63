"""An editor's public profile: the name and credential readers see on what they approve, or their role alone.

`GET /editorial/profile` shows the form, `POST` saves it (CSRF-protected like every editorial form); the
same fields are set with `tailor users add … --display-name … --credential …` and `tailor users
set-profile`. An approval records the profile as it is at that moment (see `service.editorial.texts`).
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Response

from service.editorial.pages import (
    PAGE_DEPENDENCIES,
    PageEditorDependency,
    PageLocaleDependency,
    editorial_page,
)
from service.editorial.users import PROFILE_LIMITS, ProfileTooLong, set_profile
from service.store.models import UserModel
from service.structs import Record
from service.web.dependencies import SessionDependency, SiteDependency
from service.web.responses import see_other

__all__ = ["EditorProfile", "ProfileForm"]

AnyRequest = Request[Any, Any, Any]
_FORM = RequestEncodingType.URL_ENCODED
MAX_PROFILE_BYTES = 4096
"""A name, a credential line, a box and the CSRF token: far less than this."""


class ProfileForm(Record):
    """What the profile form sends; an unchecked box is not sent at all."""

    display_name: str = ""
    credential: str = ""
    named_publicly: str = ""


class EditorProfile(Controller):
    """`/editorial/profile`: who readers are told reviewed a text."""

    path = "/profile"
    include_in_schema = False  # a page's form, like the other editorial pages: not part of the API
    dependencies = PAGE_DEPENDENCIES

    @get("/", name="editorial-profile")
    async def profile_form(
        self, request: AnyRequest, site: SiteDependency, editor: PageEditorDependency, page_locale: PageLocaleDependency
    ) -> Response[str]:
        """The editor's display name, credential and whether readers see them."""
        return _profile_page(request, site, page_locale, editor, saved=request.query_params.get("done") == "saved")

    @post("/", name="editorial-profile-save", status_code=303, request_max_body_size=MAX_PROFILE_BYTES)
    async def save_profile(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        editor: PageEditorDependency,
        page_locale: PageLocaleDependency,
        data: Annotated[ProfileForm, Body(media_type=_FORM)],
    ) -> Response[Any]:
        """Save the profile; a value too long is said on the form again, nothing stored."""
        try:
            await set_profile(
                db_session,
                editor.name,
                display_name=data.display_name,
                credential=data.credential,
                named_publicly=bool(data.named_publicly),
            )
        except ProfileTooLong as refused:
            await db_session.rollback()
            await db_session.refresh(editor)  # the rollback expired it
            return _profile_page(request, site, page_locale, editor, too_long=refused, form=data)
        await db_session.commit()
        return see_other(f"{request.url.path.rstrip('/')}?done=saved")


def _profile_page(
    request: AnyRequest,
    site: SiteDependency,
    page_locale: str,
    editor: UserModel,
    *,
    saved: bool = False,
    too_long: ProfileTooLong | None = None,
    form: ProfileForm | None = None,
) -> Response[str]:
    """The profile form: as stored, or as sent with what was too long (a 400)."""
    return editorial_page(
        request,
        site,
        page_locale,
        "editorial_profile.html",
        editor=editor,
        status=400 if too_long is not None else 200,
        saved=saved,
        too_long=too_long,
        form=form,
        limits=PROFILE_LIMITS,
    )
