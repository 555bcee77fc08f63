"""The least a Python ASGI app can do: answer every request with the same response, read from files.

`$CEILING_BODY` holds the body; `$CEILING_HEADERS`, when set, a JSON list of [name, value] pairs:
Tailor's own headers for that body (its security headers, ETag, links), so that the ceiling sends
the very bytes Tailor sends. Served by Granian with the same settings as `tailor serve`, it shows how
much of the distance to nginx is Python and ASGI themselves rather than Tailor.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from litestar.enums import ScopeType
from litestar.types import Receive, Scope, Send

BODY = Path(os.environ["CEILING_BODY"]).read_bytes()
HEADERS = (
    [
        (name.encode("latin-1"), value.encode("latin-1"))
        for name, value in json.loads(Path(os.environ["CEILING_HEADERS"]).read_text())
    ]
    if os.environ.get("CEILING_HEADERS")
    else [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(BODY)).encode())]
)


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    """Send the body, whatever was asked."""
    if scope["type"] != ScopeType.HTTP:
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY, "more_body": False})
