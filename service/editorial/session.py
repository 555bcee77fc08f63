"""Signing in to the editorial pages: server-side sessions in the store, CSRF tokens, Secure cookies over HTTPS.

Everything here is confined to `/editorial`: the session cookie and the CSRF cookie are scoped to that
path (HttpOnly, SameSite=Strict), and the middleware is installed on the editorial pages' router only,
so reader pages never set, read or vary on either. Sessions live in the store (Advanced Alchemy's
session backend), so every replica knows them; each request checks that their user is still active,
so `tailor users revoke` ends them at once. Forms are checked by Litestar's CSRF middleware: a POST
without the form's token is a 403.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, cast
from urllib.parse import urlencode

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from advanced_alchemy.extensions.litestar.session import SQLAlchemyAsyncSessionBackend
from litestar import Request, Response
from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware, generate_csrf_token
from litestar.middleware.session import SessionMiddleware
from litestar.middleware.session.server_side import ServerSideSessionConfig
from litestar.stores.base import Store
from litestar.types import ASGIApp, Empty, Message, Receive, Scope, ScopeSession, Send
from litestar.utils.scope.state import ScopeState
from sqlalchemy.ext.asyncio import AsyncSession

from service.errors import FormRefused
from service.rendition.urls import EDITORIAL_PATH
from service.settings import Settings
from service.store.models import EditorialSessionModel, UserModel
from service.store.repositories import UserRepository
from service.web.dependencies import HTTPS_SCOPE_KEY
from service.web.responses import see_other

__all__ = [
    "EDITORIAL_PATH",
    "SignInRequired",
    "csrf_token",
    "editorial_middleware",
    "sign_in",
    "sign_out",
    "signed_in_user",
    "to_sign_in",
]

SESSION_COOKIE = "tailor-editorial"
CSRF_COOKIE = "tailor-editorial-csrf"
_NEW_SESSION = "tailor.new-session"
"""Set on a sign-in: the session gets a new id, whatever id the browser brought (no session fixation)."""


class SignInRequired(Exception):
    """The page needs a signed-in editor; the browser is sent to the sign-in page and then back."""

    def __init__(self, next_path: str) -> None:
        """Remember where to go back to."""
        super().__init__(next_path)
        self.next_path = next_path


def _stored_id(session_id: str) -> str:
    """What the store keeps of a session id: its digest, as of an API token (a copy of the table signs nobody in)."""
    return hashlib.sha256(session_id.encode()).hexdigest()


class _EditorialSessions(SQLAlchemyAsyncSessionBackend):
    """Advanced Alchemy's session backend, with a new session id at every sign-in and no rows for visitors.

    Litestar would store an empty session (a row and a cookie) for every request, the sign-in page's
    visitors included; only sessions with a signed-in user are kept here, and an emptied one is ended.
    The store keeps each session id's digest, never the id the browser holds.
    """

    async def get(self, /, session_id: str, store: Store) -> bytes | None:
        return await super().get(_stored_id(session_id), store)

    async def set(self, /, session_id: str, data: bytes, store: Store) -> None:
        await super().set(_stored_id(session_id), data, store)

    async def delete(self, /, session_id: str, store: Store) -> None:
        await super().delete(_stored_id(session_id), store)

    async def store_in_message(
        self, scope_session: ScopeSession, message: Message, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> None:
        if scope_session is not Empty and not scope_session:
            if not connection.cookies.get(self.config.key):
                return
            scope_session = Empty
        await super().store_in_message(scope_session, message, connection)

    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        scope = cast("dict[str, Any]", connection.scope)
        if scope.get(_NEW_SESSION) is True:
            scope[_NEW_SESSION] = self.generate_session_id()
        new_id = scope.get(_NEW_SESSION)
        return new_id if isinstance(new_id, str) else super().get_session_id(connection)


class _SecureCookiesOverHttps:
    """Marks every cookie `Secure` on a response to a request that came over HTTPS (directly or via a trusted proxy).

    Litestar's session and CSRF configurations take `secure` once, at start; whether a request came over
    HTTPS is known per request, from the fast path.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not cast("dict[str, Any]", scope).get(HTTPS_SCOPE_KEY):
            await self.app(scope, receive, send)
            return

        async def secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, value + b"; Secure")
                    if name.lower() == b"set-cookie" and b"secure" not in value.lower()
                    else (name, value)
                    for name, value in message["headers"]
                ]
            await send(message)

        await self.app(scope, receive, secure)


def editorial_middleware(settings: Settings, store: SQLAlchemyAsyncConfig) -> list[DefineMiddleware | type[Any]]:
    """The editorial pages' middleware, outermost first: Secure cookies, sessions, CSRF."""
    sessions = ServerSideSessionConfig(
        key=SESSION_COOKIE,
        path=EDITORIAL_PATH,
        httponly=True,
        samesite="strict",
        max_age=settings.editorial_session_minutes * 60,
    )
    backend = _EditorialSessions(config=sessions, alchemy_config=store, model=EditorialSessionModel)
    csrf = CSRFConfig(
        secret=settings.secret_key,
        cookie_name=CSRF_COOKIE,
        cookie_path=EDITORIAL_PATH,
        cookie_httponly=True,
        cookie_samesite="strict",
    )
    return [
        _SecureCookiesOverHttps,
        DefineMiddleware(SessionMiddleware, backend=backend),
        DefineMiddleware(CSRFMiddleware, config=csrf),
    ]


def csrf_token(request: Request[Any, Any, Any]) -> str:
    """The token this request's forms carry (`_csrf_token`)."""
    token = ScopeState.from_scope(request.scope).csrf_token
    return token if isinstance(token, str) else ""


async def signed_in_user(request: Request[Any, Any, Any], session: AsyncSession) -> UserModel:
    """The active user of the request's session; otherwise the browser goes to the sign-in page.

    A form posted in a session must carry that session's CSRF token (the one its sign-in issued): the
    middleware has checked that the form's token is the cookie's, this that the cookie is this session's.
    """
    user_id = request.session.get("user_id") if request.scope.get("session") else None
    user = await UserRepository(session=session).get_one_or_none(id=user_id) if isinstance(user_id, int) else None
    if user is None or user.revoked or not user.password_hash:
        if request.scope.get("session"):
            request.clear_session()
        raise SignInRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    if request.method not in {"GET", "HEAD"} and not hmac.compare_digest(
        str(request.session.get("csrf", "")), request.cookies.get(CSRF_COOKIE, "")
    ):
        raise FormRefused()
    return user


def sign_in(request: Request[Any, Any, Any], user: UserModel, response: Response[Any], secret: str) -> None:
    """Start a session for `user`, under a new session id and with a CSRF token of its own (set on `response`).

    The token a visitor's sign-in form carried ends here: a token seen before the sign-in, by whoever
    saw it, is no use after.
    """
    cast("dict[str, Any]", request.scope)[_NEW_SESSION] = True
    token = generate_csrf_token(secret)
    request.set_session({"user_id": user.id, "csrf": token})
    response.set_cookie(CSRF_COOKIE, token, path=EDITORIAL_PATH, httponly=True, samesite="strict")


def sign_out(request: Request[Any, Any, Any], response: Response[Any]) -> None:
    """End the request's session: its row is deleted, and its session and CSRF cookies cleared."""
    request.clear_session()
    response.delete_cookie(CSRF_COOKIE, path=EDITORIAL_PATH)


def to_sign_in(_: Request[Any, Any, Any], required: SignInRequired) -> Response[Any]:
    """Send the browser to the sign-in page, to come back to the page it asked for."""
    return see_other(f"{EDITORIAL_PATH}/login?{urlencode({'next': required.next_path})}")
