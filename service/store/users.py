"""Who may write and review: users, their roles, and the API tokens they sign requests with."""

from __future__ import annotations

import hashlib
import secrets
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.errors import Forbidden
from service.store.models import UserModel
from service.store.repositories import UserRepository

__all__ = [
    "ADMINS",
    "REVIEWERS",
    "WRITERS",
    "Role",
    "UnknownUser",
    "UserExists",
    "add_user",
    "list_users",
    "require_role",
    "revoke_user",
    "token_hash",
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


async def list_users(session: AsyncSession) -> list[UserModel]:
    """Every user, by name."""
    return list((await session.execute(select(UserModel).order_by(UserModel.name))).scalars())


async def revoke_user(session: AsyncSession, name: str) -> None:
    """End a user's access: their token stops working at once (the row stays, for the audit log)."""
    users = UserRepository(session=session)
    user = await users.get_one_or_none(name=name)
    if user is None:
        raise UnknownUser(f"no user is called {name!r}")
    user.revoked = True
    await users.update(user)


async def user_for_token(session: AsyncSession, token: str) -> UserModel | None:
    """The active user this token belongs to, if any."""
    user = await UserRepository(session=session).get_one_or_none(token_hash=token_hash(token))
    return user if user is not None and not user.revoked else None
