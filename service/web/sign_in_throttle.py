"""Slowing down whoever guesses: each failed sign-in from an address waits longer than the one before.

Shared by the API's bearer tokens and the editorial pages' passwords, so that guessing through one does
not go faster than through the other. The wait doubles per failure, up to two seconds; a success from
the address forgets its failures.
"""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request

__all__ = ["failed", "succeeded"]

_TRACKED_ADDRESSES = 10_000
"""Beyond this many addresses the counts start again, so that the table stays bounded."""
_failures: dict[str, int] = {}
"""Failed sign-ins by client address."""


def _address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


async def failed(request: Request[Any, Any, Any]) -> None:
    """Count a failed sign-in from the request's address, and wait the longer the more it has failed."""
    if len(_failures) >= _TRACKED_ADDRESSES:
        _failures.clear()
    address = _address(request)
    failures = _failures.get(address, 0) + 1
    _failures[address] = failures
    await asyncio.sleep(min(0.05 * 2**failures, 2.0))


def succeeded(request: Request[Any, Any, Any]) -> None:
    """Forget the address's failures."""
    _failures.pop(_address(request), None)
