"""The least a Python ASGI app can do: answer every request with the bytes in $CEILING_BODY.

Served by Granian with the same settings as `tailor serve`, it shows how much of the distance to
nginx is Python and ASGI themselves rather than Tailor.
"""

from __future__ import annotations

import os
from pathlib import Path

from litestar.enums import ScopeType
from litestar.types import Receive, Scope, Send

BODY = Path(os.environ["CEILING_BODY"]).read_bytes()
HEADERS = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(BODY)).encode())]


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    """Send the body, whatever was asked."""
    if scope["type"] != ScopeType.HTTP:
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY, "more_body": False})
