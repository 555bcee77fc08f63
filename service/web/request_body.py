"""A request's body read whole, against a deadline, before anything is routed: a slow sender cannot hold a worker.

Granian times out a request's headers and idle connections, not a body that trickles in: one byte every
two seconds kept a connection for as long as the sender liked. Here the whole body must arrive within
a deadline (`TAILOR_BODY_SECONDS`) and within a size no route takes more than; the app then reads it
from memory as usual (each route's own, smaller limit is still Litestar's to apply).
"""

from __future__ import annotations

import asyncio

from litestar.types import Receive, ReceiveMessage

__all__ = ["BodyTooLarge", "BodyTooSlow", "read_body", "replay"]


class BodyTooSlow(Exception):
    """The body did not arrive within the deadline."""


class BodyTooLarge(Exception):
    """The body is larger than any route takes."""


async def read_body(receive: Receive, *, seconds: float, limit: int) -> tuple[bytes, bool]:
    """(the body, whether the client is still connected), all of it read within `seconds` and `limit` bytes.

    Raises:
        BodyTooSlow: when the deadline passes first.
        BodyTooLarge: when more than `limit` bytes arrive.
    """
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(seconds):
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return b"".join(chunks), False  # the client went away
                chunk = message["body"]
                size += len(chunk)
                if size > limit:
                    raise BodyTooLarge()
                chunks.append(chunk)
                if not message.get("more_body", False):
                    return b"".join(chunks), True
    except TimeoutError:
        raise BodyTooSlow() from None


def replay(body: bytes, connected: bool, receive: Receive) -> Receive:
    """A `receive` that gives the app `body` in one message, then passes on to the server's (for disconnects)."""
    sent = False

    async def replayed() -> ReceiveMessage:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if not connected:
            return {"type": "http.disconnect"}
        return await receive()

    return replayed
