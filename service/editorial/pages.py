"""The editorial pages, `/editorial/…`: sign in, the review queue, a text beside its source, editing, coverage.

Pages for reviewers and authors, in the interface language their browser asks for. Every response is
`private, no-store`. The rules are the store's (`service.editorial.texts`), the same the API applies:
the pages only show what is possible now and hand decisions and writes to them. Forms are plain POSTs
that work without JavaScript, each with a CSRF token (`service.editorial.session`); a POST that
succeeds answers 303 back to a page that says what happened.
"""

from __future__ import annotations

import datetime
import logging
from typing import Annotated, Any, Literal, TypeAlias

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, QueryParameter
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from service.choice import interface_language, parse_audience, parse_locale
from service.content.gate import Gate
from service.content.model import Audience
from service.content.workflow import ReviewDecision
from service.editorial.api import (
    MAX_DECISION_BYTES,
    MAX_TEXT_BYTES,
    GateDependency,
    SignInsDependency,
    commit_and_serve,
)
from service.editorial.claims import answer_claims
from service.editorial.coverage import coverage
from service.editorial.inspection import check_draft, inspect_answers
from service.editorial.section_edit import section_ids
from service.editorial.session import EDITORIAL_PATH, csrf_token, sign_in, sign_out, signed_in_user
from service.editorial.texts import (
    QUEUE_STATUSES,
    Decision,
    decide,
    decide_metadata,
    queue,
    text_etag,
    write_text,
)
from service.editorial.users import REVIEWERS, WRITERS, names_a_user, require_role, user_for_password
from service.editorial.views import (
    findings_at_lines,
    findings_of,
    metadata_view,
    rendered_sections,
    text_view,
)
from service.errors import TailorError
from service.i18n.labels import AUDIENCE_READERS, CLAIM_KIND_LABELS, DECISIONS, DONE, PARITY_LABELS, TEXT_STATUSES
from service.rendition.encoded import PRIVATE
from service.rendition.urls import EDITORIAL_LANGUAGE_COOKIE, is_local_path
from service.store.feedback import recent_feedback
from service.store.models import UserModel
from service.store.source import shown_file
from service.structs import Record
from service.web.dependencies import ReloaderDependency, SessionDependency, SiteDependency
from service.web.responses import see_other
from service.web.security import client_of

__all__ = ["PAGE_DEPENDENCIES", "EditorialPages", "editorial_page", "save_text", "text_path"]

logger = logging.getLogger(__name__)
AnyRequest = Request[Any, Any, Any]
PageLocaleDependency: TypeAlias = NamedDependency[str]
PageEditorDependency: TypeAlias = NamedDependency[UserModel]
"""The signed-in editor of a page (`signed_in_editor`); a page that declares it sends anyone else to sign in."""
"""The interface language of the editorial pages."""
_FORM = RequestEncodingType.URL_ENCODED
QUEUE_PATH = f"{EDITORIAL_PATH}/queue"


class SignInForm(Record):
    """What the sign-in form sends."""

    name: str = ""
    password: str = ""
    next: str = QUEUE_PATH


class DecisionForm(Record):
    """What a decision button sends."""

    decision: ReviewDecision
    note: str = ""


class EditForm(Record):
    """What the edit form sends."""

    markdown: str
    etag: str = ""
    """The ETag of the revision the author started from; empty for a new text."""
    action: Literal["preview", "save"] = "preview"


def text_path(slug: str, locale: str, audience: str) -> str:
    """The editorial page of one text."""
    return f"{EDITORIAL_PATH}/answers/{slug}/texts/{locale}/{audience}"


def _page_locale(request: AnyRequest, site: SiteDependency) -> str:
    """The interface language: the editor's choice (`EditorLanguage`), else what the browser asks for."""
    settings = site.settings
    return interface_language(
        request.cookies.get(EDITORIAL_LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
        settings.supported_locales,
        settings.default_locale,
    )


async def signed_in_editor(request: AnyRequest, db_session: SessionDependency) -> UserModel:
    """The editor whose session the request carries, as every editorial page but sign-in needs (`signed_in_user`)."""
    return await signed_in_user(request, db_session)


def editorial_page(
    request: AnyRequest,
    site: SiteDependency,
    locale: str,
    template: str,
    *,
    editor: UserModel | None = None,
    status: int = 200,
    **context: Any,  # noqa: ANN401 - template context
) -> Response[str]:
    """An editorial page in `locale`, with what every editorial template uses, `private, no-store`."""
    html = site.pages.render(
        template,
        locale,
        editor=editor,
        csrf_token=csrf_token(request),
        current_path=request.url.path,
        interface_locales=site.locale_choices(),
        text_path=text_path,
        statuses=TEXT_STATUSES,
        decision_labels=DECISIONS,
        done_messages=DONE,
        readers=AUDIENCE_READERS,
        **context,
    )
    return Response(html, status_code=status, media_type="text/html", headers={"Cache-Control": PRIVATE})


async def save_text(
    session: AsyncSession,
    reloader: ReloaderDependency,
    editor: UserModel,
    *,
    text: tuple[str, str, Audience],
    markdown: str,
    etag: str,
    gate: Gate,
) -> TailorError | None:
    """Write a page's text through the gate and serve it; the refusal, with nothing stored, when it is one.

    `etag`: the revision the form was made from (a newer one meanwhile is a 412); empty for a new text.
    """
    slug, locale, audience = text
    try:
        await write_text(
            session,
            slug=slug,
            locale=locale,
            audience=audience,
            markdown=markdown,
            author=editor,
            if_match=etag or None,
            if_none_match=None if etag else "*",
            gate=gate,
        )
        await commit_and_serve(session, reloader, slug)
    except TailorError as refused:
        await session.rollback()
        await session.refresh(editor)  # the rollback expired it
        return refused
    return None


PAGE_DEPENDENCIES = {
    "page_locale": Provide(_page_locale, sync_to_thread=False),
    "editor": Provide(signed_in_editor),
}
"""What editorial page handlers are given: the interface language and the signed-in editor."""


class EditorialPages(Controller):
    """Pages for authors and reviewers."""

    path = ""
    include_in_schema = False
    dependencies = PAGE_DEPENDENCIES

    @get("/", name="editorial-home", sync_to_thread=False)
    def home(self) -> Redirect:
        """The queue is where editorial work starts."""
        return see_other(QUEUE_PATH)

    @get("/login", name="editorial-login")
    async def login_form(
        self,
        request: AnyRequest,
        site: SiteDependency,
        page_locale: PageLocaleDependency,
        next_path: Annotated[str, QueryParameter(name="next")] = QUEUE_PATH,
    ) -> Response[str]:
        """The sign-in form."""
        return editorial_page(
            request, site, page_locale, "editorial_login.html", next_path=_local(next_path), failed=False
        )

    @post("/login", name="editorial-sign-in", status_code=303)
    async def login(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        sign_ins: SignInsDependency,
        page_locale: PageLocaleDependency,
        data: Annotated[SignInForm, Body(media_type=_FORM)],
    ) -> Response[Any]:
        """Sign in with name and password; failures are limited and logged (never the password).

        A failure's log line names the account only when it is one: a password typed into the name field
        is never written down.
        """
        name = data.name.strip()
        user = await sign_ins.by_password(request, name, lambda: user_for_password(db_session, name, data.password))
        address = client_of(request)
        if user is None:
            shown = repr(name[:80]) if await names_a_user(db_session, name) else "a name no editor has"
            logger.warning("editorial sign-in failed for %s from %s", shown, address)
            return editorial_page(
                request,
                site,
                page_locale,
                "editorial_login.html",
                next_path=_local(data.next),
                failed=True,
                name=data.name,
                status=401,
            )
        signed_in = see_other(_local(data.next))
        sign_in(request, user, signed_in, site.settings.secret_key)
        logger.info("editorial sign-in: %s from %s", user.name, address)
        return signed_in

    @post("/logout", name="editorial-sign-out", status_code=303, sync_to_thread=False)
    def logout(self, request: AnyRequest) -> Redirect:
        """End the session."""
        signed_out = see_other(f"{EDITORIAL_PATH}/login")
        sign_out(request, signed_out)
        return signed_out

    @get("/queue", name="editorial-queue")
    async def queue_page(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        editor: PageEditorDependency,
        page_locale: PageLocaleDependency,
        locale: FromQuery[str | None] = None,
        audience: FromQuery[str | None] = None,
    ) -> Response[str]:
        """Texts waiting for review, stale, or sent back, oldest first; filters by locale and audience."""
        wanted_locale = parse_locale(locale, site.settings) if locale else None
        wanted_audience = parse_audience(audience) if audience else None
        # A filter by language or audience leaves out the metadata, which has neither.
        entries = [
            entry
            for entry in await queue(db_session, QUEUE_STATUSES)
            if (wanted_locale is None or entry.locale == wanted_locale)
            and (wanted_audience is None or entry.audience == wanted_audience)
        ]
        now = datetime.datetime.now(datetime.UTC)
        return editorial_page(
            request,
            site,
            page_locale,
            "editorial_queue.html",
            editor=editor,
            entries=entries,
            ages={
                (entry.slug, entry.locale, entry.audience): now - datetime.datetime.fromisoformat(entry.created_at)
                for entry in entries
            },
            locales=site.settings.supported_locales,
            audiences=list(Audience),
            wanted_locale=wanted_locale,
            wanted_audience=wanted_audience,
        )

    @get("/coverage", name="editorial-coverage")
    async def coverage_page(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        editor: PageEditorDependency,
        gate: GateDependency,
        page_locale: PageLocaleDependency,
    ) -> Response[str]:
        """Which sections exist for which audience and locale, reviewed, stale, or at their reading level."""
        answers = await coverage(db_session, rules=site.rules, gate=gate)
        return editorial_page(request, site, page_locale, "editorial_coverage.html", editor=editor, answers=answers)

    @get("/feedback", name="editorial-feedback")
    async def feedback_page(
        self,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        editor: PageEditorDependency,
        page_locale: PageLocaleDependency,
    ) -> Response[str]:
        """What readers sent from the answers, newest first."""
        entries = await recent_feedback(db_session, 200, with_contacts=editor.role in REVIEWERS)
        return editorial_page(request, site, page_locale, "editorial_feedback.html", editor=editor, entries=entries)

    @get("/answers/{slug:str}/texts/{locale:str}/{audience:str}", name="editorial-text")
    async def text_page(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        editor: PageEditorDependency,
        gate: GateDependency,
        page_locale: PageLocaleDependency,
        slug: FromPath[str],
        locale: FromPath[str],
        audience: FromPath[str],
        done: FromQuery[str | None] = None,
    ) -> Response[str]:
        """The latest revision beside its source, the diff against the last approved one, findings, history."""
        return await self._text(
            request,
            site,
            session=db_session,
            gate=gate,
            page_locale=page_locale,
            editor=editor,
            text=(slug, locale, audience),
            done=done,
        )

    async def _text(
        self,
        request: AnyRequest,
        site: SiteDependency,
        *,
        session: AsyncSession,
        gate: Gate,
        page_locale: PageLocaleDependency,
        editor: UserModel,
        text: tuple[str, str, str],
        done: str | None = None,
        error: TailorError | None = None,
    ) -> Response[str]:
        context = await text_view(
            session,
            slug=text[0],
            locale=parse_locale(text[1], site.settings),
            audience=parse_audience(text[2]),
            editor=editor,
            page_locale=page_locale,
            gate=gate,
        )
        status = error.status_code if error is not None else 200
        return editorial_page(
            request,
            site,
            page_locale,
            "editorial_text.html",
            editor=editor,
            status=status,
            done=done,
            error=error,
            **context,
        )

    @post(
        "/answers/{slug:str}/texts/{locale:str}/{audience:str}/revisions/{number:int}/review",
        name="editorial-decide",
        status_code=303,
        request_max_body_size=MAX_DECISION_BYTES,
    )
    async def decide_page(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        editor: PageEditorDependency,
        reloader: ReloaderDependency,
        gate: GateDependency,
        page_locale: PageLocaleDependency,
        slug: FromPath[str],
        locale: FromPath[str],
        audience: FromPath[str],
        number: FromPath[int],
        data: Annotated[DecisionForm, Body(media_type=_FORM)],
    ) -> Response[Any]:
        """Take a decision on a revision (the API's rules: roles, transitions, nobody approves their own)."""
        text = (slug, locale, audience)
        try:
            await decide(
                db_session,
                slug=slug,
                locale=parse_locale(locale, site.settings),
                audience=parse_audience(audience),
                number=number,
                decision=Decision(decision=data.decision, note=data.note.strip()[:4000] or None),
                reviewer=editor,
            )
            await commit_and_serve(db_session, reloader, slug)
        except TailorError as refused:
            await db_session.rollback()
            await db_session.refresh(editor)  # the rollback expired it
            return await self._text(
                request,
                site,
                session=db_session,
                gate=gate,
                page_locale=page_locale,
                editor=editor,
                text=text,
                error=refused,
            )
        return see_other(f"{text_path(*text)}?done={data.decision}")

    @get("/answers/{slug:str}/claims", name="editorial-claims")
    async def claims_page(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        editor: PageEditorDependency,
        page_locale: PageLocaleDependency,
        slug: FromPath[str],
    ) -> Response[str]:
        """Parity: each claim of the answer against every text that carries it or must, in words and colour."""
        claims = await answer_claims(db_session, slug)
        keys = sorted({text for claim in claims.claims for text in claim.carried})
        texts = [{"key": key, "locale": key.split("/")[0], "audience": Audience(key.split("/")[1])} for key in keys]
        return editorial_page(
            request,
            site,
            page_locale,
            "editorial_claims.html",
            editor=editor,
            claims=claims,
            texts=texts,
            kinds=CLAIM_KIND_LABELS,
            parity=PARITY_LABELS,
        )

    @get("/answers/{slug:str}/metadata", name="editorial-metadata")
    async def metadata_page(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        editor: PageEditorDependency,
        page_locale: PageLocaleDependency,
        slug: FromPath[str],
        done: FromQuery[str | None] = None,
    ) -> Response[str]:
        """The answer's newest metadata revision, the diff against the last approved one, decisions, history."""
        context = await metadata_view(db_session, slug=slug, editor=editor, page_locale=page_locale)
        return editorial_page(
            request,
            site,
            page_locale,
            "editorial_metadata.html",
            editor=editor,
            status=200,
            done=done,
            error=None,
            **context,
        )

    @post(
        "/answers/{slug:str}/metadata/revisions/{number:int}/review",
        name="editorial-decide-metadata",
        status_code=303,
        request_max_body_size=MAX_DECISION_BYTES,
    )
    async def decide_metadata_page(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        editor: PageEditorDependency,
        reloader: ReloaderDependency,
        page_locale: PageLocaleDependency,
        slug: FromPath[str],
        number: FromPath[int],
        data: Annotated[DecisionForm, Body(media_type=_FORM)],
    ) -> Response[Any]:
        """Take a decision on the metadata's newest revision (the API's rules)."""
        try:
            await decide_metadata(
                db_session,
                slug=slug,
                number=number,
                decision=Decision(decision=data.decision, note=data.note.strip()[:4000] or None),
                reviewer=editor,
            )
            await commit_and_serve(db_session, reloader, slug)
        except TailorError as refused:
            await db_session.rollback()
            await db_session.refresh(editor)  # the rollback expired it
            context = await metadata_view(db_session, slug=slug, editor=editor, page_locale=page_locale)
            return editorial_page(
                request,
                site,
                page_locale,
                "editorial_metadata.html",
                editor=editor,
                status=refused.status_code,
                done=None,
                error=refused,
                **context,
            )
        return see_other(f"{EDITORIAL_PATH}/answers/{slug}/metadata?done={data.decision}")

    @get("/answers/{slug:str}/texts/{locale:str}/{audience:str}/edit", name="editorial-edit-form")
    async def edit_form(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        editor: PageEditorDependency,
        page_locale: PageLocaleDependency,
        slug: FromPath[str],
        locale: FromPath[str],
        audience: FromPath[str],
        gate: GateDependency,
    ) -> Response[str]:
        """The text's latest Markdown in a plain textarea."""
        require_role(editor, WRITERS)
        text_locale, text_audience = parse_locale(locale, site.settings), parse_audience(audience)
        (latest,) = await inspect_answers(db_session, [slug], gate=gate)
        current = latest.texts.get((text_locale, text_audience.value))
        return editorial_page(
            request,
            site,
            page_locale,
            "editorial_edit.html",
            editor=editor,
            slug=slug,
            text_locale=text_locale,
            text_audience=text_audience,
            markdown=current[1].markdown if current else "",
            sections=section_ids(current[1].markdown) if current else [],
            etag=text_etag(slug, text_locale, text_audience.value, current[1].number) if current else "",
            preview=None,
            findings=None,
            error=None,
        )

    @post(
        "/answers/{slug:str}/texts/{locale:str}/{audience:str}/edit",
        name="editorial-edit",
        status_code=303,
        request_max_body_size=MAX_TEXT_BYTES,
    )
    async def edit(
        self,
        *,
        request: AnyRequest,
        site: SiteDependency,
        db_session: SessionDependency,
        editor: PageEditorDependency,
        reloader: ReloaderDependency,
        gate: GateDependency,
        page_locale: PageLocaleDependency,
        slug: FromPath[str],
        locale: FromPath[str],
        audience: FromPath[str],
        data: Annotated[EditForm, Body(media_type=_FORM)],
    ) -> Response[Any]:
        """Preview the text (rendered, with the rules' findings at their lines), or save it through the gate."""
        require_role(editor, WRITERS)
        text_locale, text_audience = parse_locale(locale, site.settings), parse_audience(audience)
        # Browsers send textarea lines with CRLF; the store keeps the text as authors write it elsewhere.
        markdown = data.markdown.replace("\r\n", "\n")
        shown = shown_file(slug, text_locale, text_audience.value)
        error: TailorError | None = None
        if data.action == "save":
            error = await save_text(
                db_session,
                reloader,
                editor,
                text=(slug, text_locale, text_audience),
                markdown=markdown,
                etag=data.etag,
                gate=gate,
            )
            if error is None:
                return see_other(f"{text_path(slug, text_locale, text_audience.value)}?done=saved")
        found = await check_draft(
            db_session,
            slug=slug,
            locale=text_locale,
            audience=text_audience,
            markdown=markdown,
            gate=gate,
        )
        return editorial_page(
            request,
            site,
            page_locale,
            "editorial_edit.html",
            editor=editor,
            status=error.status_code if error is not None else 200,
            slug=slug,
            text_locale=text_locale,
            text_audience=text_audience,
            markdown=markdown,
            sections=[],  # links lead to the stored sections; this draft is not stored
            etag=data.etag,
            preview=rendered_sections(markdown, shown),
            findings=findings_at_lines(findings_of(found, slug, text_locale, text_audience), markdown),
            error=error,
        )


def _local(next_path: str) -> str:
    """Where to go after signing in: a path under /editorial, else the queue."""
    return next_path if is_local_path(next_path) and next_path.startswith(f"{EDITORIAL_PATH}/") else QUEUE_PATH
