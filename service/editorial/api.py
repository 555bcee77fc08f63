"""The editorial API, `/api/v1/editorial`: read an answer's texts, write one, decide on a revision.

Every response is `private, no-store`. Requests carry `Authorization: Bearer TOKEN` (`tailor users
add`); a missing or unknown token is a 401, a role that may not act a 403, and repeated failures from
one address are slowed down. The rules themselves are `service.editorial.texts`'s. A write or a
decision is served to readers by this process before the response leaves (the catalog is reloaded
from the store). With `--content DIR` there is no store: every route answers 409.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal, TypeAlias, cast

from litestar import Controller, HttpMethod, Request, Response, get, post, put, route
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency, Provide
from litestar.handlers import BaseRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, FromPath, HeaderParameter, JSONBody, PathParameter, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from service.choice import negotiate, parse_audience, parse_locale
from service.content.gate import Gate
from service.content.model import Audience
from service.content.reloader import ContentReloader
from service.editorial.answers import (
    MetadataOut,
    MetadataWrite,
    Publication,
    PublicationOutcome,
    decide_publication,
    metadata_etag,
    write_metadata,
)
from service.editorial.body_depth import json_depth
from service.editorial.claims import ClaimsDocument, answer_claims
from service.editorial.coverage import AnswerCoverage, coverage
from service.editorial.lint import Lexicon, SectionLint, lint
from service.editorial.sign_ins import SignIns
from service.editorial.texts import (
    QUEUE_STATUSES,
    AnswerState,
    Decision,
    HistoryEntry,
    QueueEntry,
    TextState,
    answer_state,
    decide,
    decide_metadata,
    history,
    queue,
    write_text,
)
from service.editorial.users import REVIEWERS
from service.errors import BodyTooDeep, ReadOnlyContent, Unauthorized
from service.rendition import urls
from service.rendition.encoded import PRIVATE
from service.store.database import commit_or_lost
from service.store.feedback import FeedbackEntry, recent_feedback
from service.store.models import UserModel
from service.structs import Record
from service.web.dependencies import ReloaderDependency, SessionDependency, SiteDependency
from service.web.openapi_examples import problem_response

__all__ = [
    "MAX_DECISION_BYTES",
    "MAX_TEXT_BYTES",
    "EditorialController",
    "GateDependency",
    "LexiconDependency",
    "MetadataWritten",
    "ReviewOutcome",
    "SignInsDependency",
    "TextWrite",
    "commit_and_serve",
    "read_only_session",
]

AnyRequest = Request[Any, Any, Any]
MAX_TEXT_BYTES = 512 * 1024
MAX_METADATA_BYTES = 256 * 1024
MAX_DECISION_BYTES = 64 * 1024
"""Room for the longest note the schema allows (4,000 characters of up to 4 bytes each), so that a longer
one is refused by validation, with a 400 that says why, rather than by size."""
GateDependency: TypeAlias = NamedDependency[Gate]
"""The rules the server checks content against (`TAILOR_TARGETS`, `TAILOR_CHECK_CACHE`), built once."""
LexiconDependency: TypeAlias = NamedDependency[Lexicon]
"""The lay-term lexicons the lint suggests from: Tailor's, with the publisher's (`TAILOR_LEXICON`) over them."""
EditorDependency: TypeAlias = NamedDependency[UserModel]
SignInsDependency: TypeAlias = NamedDependency[SignIns]


class TextWrite(Record, forbid_unknown_fields=True):
    """A new revision of a text: its whole Markdown file."""

    markdown: Annotated[str, Body(description="The text's Markdown, every section of it.")]


class LintRequest(Record, forbid_unknown_fields=True):
    """A text to check for plain language, as it is being written (nothing is stored)."""

    markdown: Annotated[str, Body(description="The text's Markdown: every section, or the one being written.")]
    locale: Annotated[
        str,
        Body(
            description="The text's locale, e.g. `es`; in a language with no formula or word list, fewer rules apply."
        ),
    ]
    audience: Annotated[Audience, Body(description="Clinician texts get their levels only.")]


class LintResult(Record):
    """Each section's reading level against its target, its counts, and its findings (warnings only)."""

    sections: list[SectionLint]


class ReviewOutcome(Record):
    """The revision's state after a decision."""

    revision: int
    status: str


class MetadataWritten(Record):
    """A new metadata revision."""

    metadata_revision: int
    metadata_etag: str
    metadata: MetadataOut


def _problems(*statuses: int) -> dict[int, ResponseSpec]:
    described = {
        401: "No valid token: send `Authorization: Bearer TOKEN`.",
        403: "Your role may not do this, or you would approve your own revision.",
        404: "No such answer or revision.",
        409: "Read-only content, or a decision the revision's (or answer's) state does not allow.",
        412: "The text changed since the ETag you sent.",
        422: "The text breaks the content rules; `findings` says where. Nothing was stored.",
        428: "Send If-Match with the ETag you read (or If-None-Match: * for a new text).",
        400: "Unknown locale or audience, or a body that does not fit the schema.",
        413: "The body is larger than this route accepts.",
        429: "Too many wrong tokens (or sign-ins) from your address just now: wait `Retry-After` seconds.",
        503: "The store is busy with other writes; nothing was stored: send it again after `Retry-After`.",
    }
    return {status: problem_response(described[status], status) for status in statuses}


_EDITOR_SCOPE_KEY = "tailor.editor"
"""Where `signed_in_editor` leaves the id of the user it found, for `provide_editor`."""
MAX_JSON_DEPTH = 32
"""How deeply a JSON body may nest: metadata, the deepest document taken, needs 4 levels."""


async def signed_in_editor(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
    """The editorial API's guard: the token first, then the body's depth, and only then anything else.

    Litestar runs guards before it reads the parameters and the body, so a stranger's body, however
    deep or large, is never parsed: without a valid token the answer is a 401 (a 429 for an address
    that guessed too often). A body nested deeper than any document the API takes is a 400, before the
    JSON decoder could exhaust its stack on it.
    """
    request = cast("AnyRequest", connection)  # the editorial API is HTTP only
    if request.method == "OPTIONS":
        return
    sign_ins: SignIns | None = request.app.state.get("sign_ins")
    if sign_ins is None:
        raise ReadOnlyContent()
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized()  # no guess at all: nothing to count
    user = await sign_ins.by_token(request, token.strip())
    cast("dict[str, Any]", request.scope)[_EDITOR_SCOPE_KEY] = user.id
    if request.method in {"POST", "PUT", "PATCH"} and json_depth(await request.body()) > MAX_JSON_DEPTH:
        raise BodyTooDeep(MAX_JSON_DEPTH)


async def provide_editor(request: AnyRequest, db_session: SessionDependency) -> UserModel:
    """The user `signed_in_editor` found for the request's token, in the request's own session."""
    user_id = cast("dict[str, Any]", request.scope).get(_EDITOR_SCOPE_KEY)
    user = await db_session.get(UserModel, user_id) if isinstance(user_id, int) else None
    if user is None or user.revoked:
        raise Unauthorized()
    return user


def read_only_session() -> AsyncSession:
    """Stands in for the store's session when the server serves a directory: every editorial route is a 409."""
    raise ReadOnlyContent()


async def commit_and_serve(session: AsyncSession, reloader: ContentReloader, slug: str) -> None:
    """Commit a write or decision (one that lost a race is a 412), then serve it here before answering."""
    await commit_or_lost(session)
    await reloader.reload(only=frozenset({slug}))


def _private(content: object, status: int = 200, etag: str | None = None) -> Response[Any]:
    headers = {"Cache-Control": PRIVATE}
    if etag is not None:
        headers["ETag"] = etag
    return Response(content, status_code=status, headers=headers)


class EditorialController(Controller):
    """Texts and their review, for authors and reviewers."""

    path = f"{urls.API_PREFIX}/editorial"
    tags = ["editorial"]  # noqa: RUF012 - Litestar reads this class attribute
    dependencies = {"editor": Provide(provide_editor)}  # noqa: RUF012 - Litestar reads this class attribute
    guards = [signed_in_editor]  # noqa: RUF012 - Litestar reads this class attribute
    security = [{"bearer": []}]  # noqa: RUF012 - Litestar reads this class attribute

    @get(
        "/answers/{slug:str}",
        operation_id="getEditorialAnswer",
        summary="An answer's metadata and the latest revision of every text",
        responses=_problems(400, 401, 404, 409, 429),
    )
    async def get_answer(
        self, db_session: SessionDependency, editor: EditorDependency, slug: FromPath[str]
    ) -> Response[AnswerState]:
        """Metadata and, per locale and audience, the latest revision with its status, author and ETag.

        The `ETag` header is the metadata's (`metadata_etag`), the validator a `PUT` of the answer sends back
        as `If-Match` (RFC 9110); each text's ETag is in its entry, as its `PUT` needs it.
        """
        state = await answer_state(db_session, slug)
        return _private(state, etag=state.metadata_etag)

    @get(
        "/answers/{slug:str}/claims",
        operation_id="getEditorialClaims",
        summary="An answer's claims and how every text carries them",
        responses=_problems(400, 401, 404, 409, 429),
    )
    async def get_claims(
        self, db_session: SessionDependency, editor: EditorDependency, slug: FromPath[str]
    ) -> Response[ClaimsDocument]:
        """Each claim the English clinician text states, and how every text that must carry it does.

        Per claim: id, kind, section, line and source; per text that carries it or must, `carried` (with the
        lines), `missing`, `stale` (written before its source gained the claim) or `waived`.
        """
        return _private(await answer_claims(db_session, slug))

    @get(
        "/queue",
        operation_id="getEditorialQueue",
        summary="Texts waiting for review, oldest first",
        responses=_problems(400, 401, 409, 429),
    )
    async def get_queue(
        self,
        db_session: SessionDependency,
        editor: EditorDependency,
        status: Annotated[
            list[Literal["submitted", "under_review", "changes_requested", "stale"]] | None,
            QueryParameter(description="Which states to list; default: submitted and under_review."),
        ] = None,
    ) -> Response[list[QueueEntry]]:
        """The texts whose latest revision is in one of the states asked for."""
        return _private(await queue(db_session, tuple(status) if status else QUEUE_STATUSES[:2]))

    @get(
        "/coverage",
        operation_id="getEditorialCoverage",
        summary="Which sections exist for which audience and locale, and in what state",
        responses=_problems(400, 401, 409, 429),
    )
    async def get_coverage(
        self,
        db_session: SessionDependency,
        editor: EditorDependency,
        site: SiteDependency,
        gate: GateDependency,
    ) -> Response[list[AnswerCoverage]]:
        """Per answer: a row per section, a cell per audience × locale, and a summary.

        A cell says whether the section is present or where it falls back to, the review status, whether it
        is stale, and the reading level against the target.
        """
        return _private(await coverage(db_session, rules=site.rules, gate=gate))

    @get(
        "/feedback",
        operation_id="getEditorialFeedback",
        summary="What readers sent from the answers, newest first",
        responses=_problems(400, 401, 409, 429),
    )
    async def get_feedback(
        self,
        db_session: SessionDependency,
        editor: EditorDependency,
        limit: Annotated[int, QueryParameter(ge=1, le=1000, description="How many messages, newest first.")] = 100,
    ) -> Response[list[FeedbackEntry]]:
        """Questions readers still had and problems they reported.

        Each with the answer, section, audience, locale and revision the reader was reading, and, for
        reviewers and admins, the contact they chose to leave, if any (null for authors).
        """
        return _private(await recent_feedback(db_session, limit, with_contacts=editor.role in REVIEWERS))

    @get(
        "/answers/{slug:str}/history",
        operation_id="getEditorialHistory",
        summary="Every write and decision on an answer",
        responses=_problems(400, 401, 404, 409, 429),
    )
    async def get_history(
        self, db_session: SessionDependency, editor: EditorDependency, slug: FromPath[str]
    ) -> Response[list[HistoryEntry]]:
        """The audit log of the answer: who did what, when, from which state to which, with the note."""
        return _private(await history(db_session, slug))

    @post(
        "/lint",
        operation_id="lintEditorialText",
        summary="Plain-language findings on a text, section by section (nothing is stored)",
        status_code=200,
        request_max_body_size=MAX_TEXT_BYTES,
        responses=_problems(400, 401, 413, 429),
    )
    async def lint_text(
        self,
        *,
        request: Request[Any, Any, Any],
        editor: EditorDependency,
        site: SiteDependency,
        gate: GateDependency,
        lexicons: LexiconDependency,
        data: JSONBody[LintRequest],
    ) -> Response[LintResult]:
        """Reading levels, counts and findings at their line and column, in the editor's language.

        The rules: `hard-word`, `heading-jargon`, `long-sentence`, `passive-voice`, `undefined-acronym` and
        `percent-for-families`.

        Findings are warnings: they never block a save. The rules that do are the gate's, as on every write.
        """
        # Any locale: nothing is stored or served, and a language without a formula or word list gets fewer rules.
        locale, audience = data.locale, data.audience
        language = negotiate(request.headers.get("accept-language"), site.settings.supported_locales)
        with site.pages.in_locale(language or site.settings.default_locale) as translations:
            sections = lint(
                data.markdown,
                locale,
                audience,
                translate=translations.gettext,
                targets=gate.targets,
                lexicons=lexicons,
            )
        return _private(LintResult(sections=sections))

    @put(
        "/answers/{slug:str}/texts/{locale:str}/{audience:str}",
        operation_id="putEditorialText",
        summary="Write a new revision of a text",
        status_code=201,
        request_max_body_size=MAX_TEXT_BYTES,
        responses=_problems(400, 401, 403, 404, 409, 412, 413, 422, 428, 429, 503),
    )
    async def put_text(
        self,
        *,
        db_session: SessionDependency,
        editor: EditorDependency,
        site: SiteDependency,
        reloader: ReloaderDependency,
        gate: GateDependency,
        slug: FromPath[str],
        locale: FromPath[str],
        audience: FromPath[str],
        data: JSONBody[TextWrite],
        if_match: Annotated[str | None, HeaderParameter(name="If-Match")] = None,
        if_none_match: Annotated[str | None, HeaderParameter(name="If-None-Match")] = None,
    ) -> Response[TextState]:
        """Store the text as its next revision, `submitted`, if the answer still passes the gate with it."""
        written = await write_text(
            db_session,
            slug=slug,
            locale=parse_locale(locale, site.settings),
            audience=parse_audience(audience),
            markdown=data.markdown,
            author=editor,
            if_match=if_match,
            if_none_match=if_none_match,
            gate=gate,
        )
        await commit_and_serve(db_session, reloader, slug)
        return _private(written, status=201, etag=written.etag)

    @post(
        "/answers/{slug:str}/texts/{locale:str}/{audience:str}/revisions/{number:int}/review",
        operation_id="reviewEditorialText",
        summary="Decide on a revision: start review, approve, or request changes",
        status_code=200,
        request_max_body_size=MAX_DECISION_BYTES,
        responses=_problems(400, 401, 403, 404, 409, 413, 429, 503),
    )
    async def review(
        self,
        *,
        db_session: SessionDependency,
        editor: EditorDependency,
        site: SiteDependency,
        reloader: ReloaderDependency,
        slug: FromPath[str],
        locale: FromPath[str],
        audience: FromPath[str],
        number: Annotated[int, PathParameter(ge=1, le=2**31 - 1, description="The revision's number.")],
        data: JSONBody[Decision],
    ) -> Response[ReviewOutcome]:
        """Move the revision along its review.

        `start`: submitted → under_review; `approve` / `request-changes`: under_review → approved /
        changes_requested. Nobody approves their own revision.
        """
        status = await decide(
            db_session,
            slug=slug,
            locale=parse_locale(locale, site.settings),
            audience=parse_audience(audience),
            number=number,
            decision=data,
            reviewer=editor,
        )
        await commit_and_serve(db_session, reloader, slug)
        return _private(ReviewOutcome(revision=number, status=status))

    @post(
        "/answers/{slug:str}/metadata/revisions/{number:int}/review",
        operation_id="reviewEditorialMetadata",
        summary="Decide on the newest metadata revision: start review, approve, or request changes",
        status_code=200,
        request_max_body_size=MAX_DECISION_BYTES,
        responses=_problems(400, 401, 403, 404, 409, 413, 429, 503),
    )
    async def review_metadata(
        self,
        *,
        db_session: SessionDependency,
        editor: EditorDependency,
        reloader: ReloaderDependency,
        slug: FromPath[str],
        number: Annotated[int, PathParameter(ge=1, le=2**31 - 1, description="The metadata revision's number.")],
        data: JSONBody[Decision],
    ) -> Response[ReviewOutcome]:
        """Move the answer's newest metadata revision along its review, as a text's.

        The question, related questions, citations and review board reach readers as `TAILOR_PUBLISH`
        says, like texts: with `approved`, only once approved. Nobody approves their own revision.
        """
        status = await decide_metadata(db_session, slug=slug, number=number, decision=data, reviewer=editor)
        await commit_and_serve(db_session, reloader, slug)
        return _private(ReviewOutcome(revision=number, status=status))

    @route("/answers/{slug:str}", http_method=[HttpMethod.OPTIONS], include_in_schema=False, sync_to_thread=False)
    def answer_options(self) -> Response[None]:
        """The methods of an answer.

        Litestar 2 lists only the first handler's method in the `Allow` of its own OPTIONS answer when two
        handlers share a path (litestar-org/litestar#4169, fixed in 3.0): GET and PUT here.
        """
        return Response(None, status_code=204, headers={"Allow": "GET, OPTIONS, PUT"})

    @put(
        "/answers/{slug:str}",
        operation_id="putEditorialMetadata",
        summary="Write a new revision of an answer's metadata",
        status_code=200,
        request_max_body_size=MAX_METADATA_BYTES,
        responses=_problems(400, 401, 403, 404, 409, 412, 413, 422, 428, 429, 503),
    )
    async def put_metadata(
        self,
        *,
        db_session: SessionDependency,
        editor: EditorDependency,
        reloader: ReloaderDependency,
        gate: GateDependency,
        slug: FromPath[str],
        data: JSONBody[MetadataWrite],
        if_match: Annotated[
            str | None, HeaderParameter(name="If-Match", description="The `metadata_etag` you read.")
        ] = None,
    ) -> Response[MetadataWritten]:
        """Questions, sections, citations, related questions and review board, written whole.

        The answer must still pass the gate with its current texts (a section its texts use cannot be
        removed, a citation they cite must stay defined). `last_updated` becomes today.
        """
        number, metadata = await write_metadata(
            db_session,
            slug=slug,
            metadata=data,
            editor=editor,
            if_match=if_match,
            today=datetime.datetime.now(datetime.UTC).date(),
            gate=gate,
        )
        await commit_and_serve(db_session, reloader, slug)
        etag = metadata_etag(slug, number)
        return _private(MetadataWritten(metadata_revision=number, metadata_etag=etag, metadata=metadata), etag=etag)

    @post(
        "/answers/{slug:str}/publication",
        operation_id="decideEditorialPublication",
        summary="Withdraw an answer from readers, or restore it (admins)",
        status_code=200,
        request_max_body_size=MAX_DECISION_BYTES,
        responses=_problems(400, 401, 403, 404, 409, 413, 429, 503),
    )
    async def publication(
        self,
        *,
        db_session: SessionDependency,
        editor: EditorDependency,
        reloader: ReloaderDependency,
        slug: FromPath[str],
        data: JSONBody[Publication],
    ) -> Response[PublicationOutcome]:
        """`withdraw`: readers no longer get the answer (its texts and history stay); `restore` brings it back."""
        outcome = await decide_publication(db_session, slug=slug, decision=data, admin=editor)
        await commit_and_serve(db_session, reloader, slug)
        return _private(outcome)
