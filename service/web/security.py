"""Headers every response carries, whatever its status, and the facts about a request they depend on."""

from __future__ import annotations

import itertools
import re
import secrets

from litestar.types import HTTPScope

__all__ = [
    "COMMON_HEADERS",
    "CONTENT_SECURITY_POLICY",
    "DOCS_CONTENT_SECURITY_POLICY",
    "HSTS",
    "is_https",
    "request_id",
    "security_headers",
]

CONTENT_SECURITY_POLICY = (
    b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    b"connect-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
"""Pages use no inline script or style at all; everything comes from this origin."""

DOCS_CONTENT_SECURITY_POLICY = (
    b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    b"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
"""The API viewer (vendored, served from here) sets styles from its script, so inline styles are allowed on
/schema alone; scripts, fonts and everything else still only come from this origin."""

COMMON_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._-]{8,64}$")


def security_headers(path: str, *, https: bool) -> list[tuple[bytes, bytes]]:
    """Content-Security-Policy and the other protective headers for a response to `path`."""
    policy = DOCS_CONTENT_SECURITY_POLICY if path == "/schema" else CONTENT_SECURITY_POLICY
    headers = [(b"content-security-policy", policy), *COMMON_HEADERS]
    if https:
        headers.append(HSTS)
    return headers


def is_https(scope: HTTPScope, trusted_proxies: frozenset[str]) -> bool:
    """Whether the client reached us over HTTPS: directly, or as a trusted proxy says in X-Forwarded-Proto."""
    if scope["scheme"] == "https":
        return True
    client = scope.get("client")
    if client is None or client[0] not in trusted_proxies:
        return False
    return any(name == b"x-forwarded-proto" and value.strip().lower() == b"https" for name, value in scope["headers"])


_PROCESS = secrets.token_hex(4).encode()
_SEQUENCE = itertools.count(1)


def request_id(given: bytes | None) -> bytes:
    """The caller's X-Request-ID (`given`) when it is a sane token, else a new one: unique per process and request.

    A random process prefix and a counter, rather than random bytes per request: no system call on
    the hot path, and ids still never repeat across workers or restarts.
    """
    if given is not None and _REQUEST_ID.match(given):
        return given
    return b"%s-%x" % (_PROCESS, next(_SEQUENCE))
