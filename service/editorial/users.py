"""Who may write and review: users, their roles, and the API tokens they sign requests with."""

from __future__ import annotations

import hashlib
import secrets
from enum import StrEnum
from functools import cache

import anyio.to_thread
from advanced_alchemy.types.password_hash.argon2 import Argon2Hasher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.errors import Forbidden
from service.store.models import UserModel
from service.store.repositories import UserRepository

__all__ = [
    "ADMINS",
    "REVIEWERS",
    "VERIFICATION_BYTES",
    "WRITERS",
    "Role",
    "UnknownUser",
    "UserExists",
    "WeakPassword",
    "add_user",
    "list_users",
    "names_a_user",
    "require_role",
    "revoke_user",
    "set_password",
    "token_hash",
    "user_for_password",
    "user_for_token",
]


class Role(StrEnum):
    """What a user may do. Authors write texts, reviewers review them, admins do both and withdraw answers."""

    AUTHOR = "author"
    REVIEWER = "reviewer"
    ADMIN = "admin"


WRITERS = (Role.AUTHOR, Role.ADMIN)
"""Who writes texts and metadata."""
REVIEWERS = (Role.REVIEWER, Role.ADMIN)
"""Who decides on revisions."""
ADMINS = (Role.ADMIN,)
"""Who withdraws and restores answers."""


def require_role(user: UserModel, allowed: tuple[Role, ...]) -> None:
    """Refuse (403) a user whose role is not one of `allowed`."""
    if user.role not in allowed:
        raise Forbidden(user.role, [role.value for role in allowed])


class UserExists(Exception):
    """A user with this name exists already."""


class UnknownUser(Exception):
    """No user has this name."""


def token_hash(token: str) -> str:
    """What is stored of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


async def add_user(session: AsyncSession, name: str, role: Role) -> str:
    """Add a user and return their token, the only time it is ever available."""
    users = UserRepository(session=session)
    if await users.get_one_or_none(name=name) is not None:
        raise UserExists(f"a user called {name!r} exists already")
    token = secrets.token_urlsafe(32)
    await users.add(UserModel(name=name, role=role.value, token_hash=token_hash(token)))
    return token


PROFILE_LIMITS = {"display_name": 120, "credential": 200}
"""The longest display name and credential line a profile holds, in characters (the columns' sizes)."""


class ProfileTooLong(ValueError):
    """A display name or credential longer than its column."""

    def __init__(self, field: str, limit: int) -> None:
        """Name the field and its limit."""
        super().__init__(f"the {field.replace('_', ' ')} is at most {limit} characters")
        self.field = field
        self.limit = limit


async def set_profile(
    session: AsyncSession,
    name: str,
    *,
    display_name: str | None = None,
    credential: str | None = None,
    named_publicly: bool | None = None,
) -> UserModel:
    """Set what readers are told of `name`'s approvals; None leaves a field as it is, an empty text clears it."""
    users = UserRepository(session=session)
    user = await users.get_one_or_none(name=name)
    if user is None:
        raise UnknownUser(f"no user is called {name!r}")
    for field, value in (("display_name", display_name), ("credential", credential)):
        if value is None:
            continue
        cleaned = " ".join(value.split())  # one line, as readers see it
        if len(cleaned) > PROFILE_LIMITS[field]:
            raise ProfileTooLong(field, PROFILE_LIMITS[field])
        setattr(user, field, cleaned or None)
    if named_publicly is not None:
        user.named_publicly = named_publicly
    return await users.update(user)


async def list_users(session: AsyncSession) -> list[UserModel]:
    """Every user, by name."""
    return list((await session.execute(select(UserModel).order_by(UserModel.name))).scalars())


async def revoke_user(session: AsyncSession, name: str) -> None:
    """End a user's access: their token, password and editorial sessions stop working at once.

    The row stays, for the audit log. Sessions check the user on every request, so none outlives this.
    """
    users = UserRepository(session=session)
    user = await users.get_one_or_none(name=name)
    if user is None:
        raise UnknownUser(f"no user is called {name!r}")
    user.revoked = True
    await users.update(user)


MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
"""Beyond this a password is refused unread: hashing megabytes on request is a way to tie up a server."""
_hasher = Argon2Hasher()
VERIFICATION_BYTES = _hasher.hasher.memory_cost * 1024
"""The memory one password check holds while it runs (Argon2's `memory_cost`, in KiB)."""


@cache
def _nobody() -> str:
    """Checked against when nobody has the name given, so that a wrong name takes as long as a wrong password."""
    return _hasher.hash(secrets.token_urlsafe(16))


class WeakPassword(ValueError):
    """A password too short (or too long) to set."""


async def set_password(session: AsyncSession, name: str, password: str) -> None:
    """Give an active user a password for the editorial pages (Argon2, never stored in clear)."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise WeakPassword(
            f"a password has {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters; this one has {len(password)}"
        )
    users = UserRepository(session=session)
    user = await users.get_one_or_none(name=name)
    if user is None or user.revoked:
        raise UnknownUser(f"no active user is called {name!r}")
    user.password_hash = _hasher.hash(password)
    await users.update(user)


async def user_for_password(session: AsyncSession, name: str, password: str) -> UserModel | None:
    """The active user with this name and password, if any; as slow for an unknown name as for a wrong password."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return None
    user = await UserRepository(session=session).get_one_or_none(name=name) if name else None
    stored = user.password_hash if user is not None and user.password_hash else _nobody()
    # Argon2 takes tens of milliseconds on purpose: off the event loop, so that other requests go on.
    matches = await anyio.to_thread.run_sync(_hasher.verify, password, stored)
    return user if matches and user is not None and user.password_hash and not user.revoked else None


async def names_a_user(session: AsyncSession, name: str) -> bool:
    """Whether `name` is some user's (so that a log line may say it: anything else may be a mistyped password)."""
    return bool(name) and await UserRepository(session=session).get_one_or_none(name=name) is not None


async def user_for_token(session: AsyncSession, token: str) -> UserModel | None:
    """The active user this token belongs to, if any."""
    user = await UserRepository(session=session).get_one_or_none(token_hash=token_hash(token))
    return user if user is not None and not user.revoked else None
