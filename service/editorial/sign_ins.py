"""Signing in, limited where every process sees it: per client address and per account name, in the store.

A password attempt is counted before it is checked
(`RateLimits.take`: of forty at once, five pass, the others are a 429 with `Retry-After` before any work
is done); one that succeeds gives back what it took, and nothing more, so that a success never clears
anyone's failures, not even its own address's. A wrong API token is counted after its (cheap) check,
under a limit of its own (`TOKENS_BY_ADDRESS`), and an address whose allowance is spent gets a 429
before any token is looked at. The address is the one the request came
from, or behind a trusted proxy the one it forwarded (`service.web.security.client_address`).

A password check holds Argon2's working memory (64 MiB) while it runs: at most `MEMORY_BUDGET`'s worth
run at once in a process; the others wait their turn, and after `QUEUE_SECONDS` are a 429 too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

from litestar import Request

from service.editorial.users import VERIFICATION_BYTES, user_for_token
from service.errors import StoreBusy, TooManyRequests, Unauthorized
from service.store.models import UserModel
from service.store.rate_limits import Limit, RateLimits
from service.web.security import client_of

__all__ = ["BY_ACCOUNT", "BY_ADDRESS", "MEMORY_BUDGET", "QUEUE_SECONDS", "TOKENS_BY_ADDRESS", "SignIns"]

BY_ADDRESS = Limit("sign-in-address", interval=2.0, burst=5)
"""Five attempts at once from one address, then one every two seconds."""
BY_ACCOUNT = Limit("sign-in-account", interval=2.0, burst=5)
"""The same for one account name, from however many addresses."""
TOKENS_BY_ADDRESS = Limit("token-address", interval=0.1, burst=50)
"""Wrong API tokens from one address: fifty at once, then ten a second. A token is 256 random bits, which
no rate of guessing finds; what this bounds is the work a scanner makes (a lookup and a count each)."""
MEMORY_BUDGET = 192 * 1024 * 1024
"""Bytes of password checks one process may run at once (three of Argon2's 64 MiB)."""
QUEUE_SECONDS = 5.0
"""How long a password check waits for its turn before it is refused."""


class SignIns:
    """The sign-in limits of one store, and this process's turns at checking passwords."""

    def __init__(self, limits: RateLimits) -> None:
        """Count attempts in `limits`."""
        self.limits = limits
        self._checks = asyncio.Semaphore(max(1, MEMORY_BUDGET // VERIFICATION_BYTES))

    async def by_token(self, request: Request[Any, Any, Any], token: str) -> UserModel:
        """The active user `token` belongs to, or a 401; a 429, unchecked, while the request's address is limited.

        Only a wrong token counts against the address: editors' tools send many requests at once, and a
        token is 256 random bits, checked in microseconds, so it is not the Argon2 check's memory or the
        count of guesses a person could succeed by that is at stake. Guesses sent all at once are each
        checked before the first is counted; from then on the address's rate is the limit's.
        """
        address = client_of(request)
        wait = await self.limits.waiting(TOKENS_BY_ADDRESS, address)
        if wait is not None:
            raise TooManyRequests(wait)
        async with self.limits.config.get_session() as session:
            user = await user_for_token(session, token)
        if user is None:
            await self.limits.take(TOKENS_BY_ADDRESS, address)
            raise Unauthorized()
        return user

    async def by_password(
        self, request: Request[Any, Any, Any], name: str, check: Callable[[], Awaitable[UserModel | None]]
    ) -> UserModel | None:
        """The user `check` finds for `name` and its password, or None.

        A 429 when the address or the name tried too often, or when this process is busy checking others'.
        """
        taken = ((BY_ADDRESS, client_of(request)), (BY_ACCOUNT, name.strip().casefold()))
        await self._take(taken)
        try:
            async with asyncio.timeout(QUEUE_SECONDS):
                await self._checks.acquire()
        except TimeoutError:
            await self._give_back(taken)  # not an attempt: nothing was checked
            raise TooManyRequests(2) from None
        try:
            user = await check()
        finally:
            self._checks.release()
        if user is not None:
            await self._give_back(taken)
        return user

    async def _take(self, limits: tuple[tuple[Limit, str], ...]) -> None:
        """Count an attempt under each limit, or refuse it (giving back what it took) with a 429."""
        for index, (limit, subject) in enumerate(limits):
            try:
                wait = await self.limits.take(limit, subject)
            except StoreBusy:  # not counted, so not checked: refused like any attempt over the limit
                wait = StoreBusy.retry_after or 1
            if wait is not None:
                await self._give_back(limits[:index])
                raise TooManyRequests(wait)

    async def _give_back(self, limits: tuple[tuple[Limit, str], ...]) -> None:
        for limit, subject in limits:
            with suppress(Exception):  # a count not given back only slows its owner a little
                await self.limits.give_back(limit, subject)
