"""Headers every response carries, whatever its status, and the facts about a request they depend on."""

from __future__ import annotations

import ipaddress
import itertools
import re
import secrets
from typing import Any

from litestar import Request
from litestar.types import HTTPScope

__all__ = [
    "COMMON_HEADERS",
    "CONTENT_SECURITY_POLICY",
    "DOCS_CONTENT_SECURITY_POLICY",
    "HSTS",
    "Addresses",
    "client_address",
    "client_of",
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


class Addresses:
    """A set of client addresses given by configuration: the trusted proxies, who may read /metrics.

    Each entry is an address or a network (`10.89.40.0/24`); anything else is compared as written (a
    test client's name).
    """

    def __init__(self, entries: tuple[str, ...]) -> None:
        """Read `entries` once."""
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        self.names: set[str] = set()
        for entry in entries:
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.names.add(entry)

    def __bool__(self) -> bool:
        """Whether any peer is trusted."""
        return bool(self.networks or self.names)

    def __contains__(self, peer: object) -> bool:
        """Whether `peer` (an address as the server saw it) is one of these."""
        if not isinstance(peer, str):
            return False
        if peer in self.names:
            return True
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in self.networks)


def is_https(scope: HTTPScope, trusted_proxies: Addresses) -> bool:
    """Whether the client reached us over HTTPS: directly, or as a trusted proxy says in X-Forwarded-Proto."""
    if scope["scheme"] == "https":
        return True
    client = scope.get("client")
    if client is None or client[0] not in trusted_proxies:
        return False
    return any(name == b"x-forwarded-proto" and value.strip().lower() == b"https" for name, value in scope["headers"])


def client_address(scope: HTTPScope, trusted_proxies: Addresses) -> str | None:
    """Who sent the request: the peer, or behind a trusted proxy the nearest untrusted `X-Forwarded-For` hop.

    Each proxy appends the address it was reached from, so the entries to the left of the last trusted
    one are the client's own to write: believed only as far as proxies vouch for them.
    """
    client = scope.get("client")
    if client is None:
        return None
    peer: str = client[0]
    if peer not in trusted_proxies:
        return peer
    forwarded = [
        item.strip()
        for name, value in scope["headers"]
        if name == b"x-forwarded-for"
        for item in value.decode("latin-1").split(",")
    ]
    for hop in reversed(forwarded):
        if hop not in trusted_proxies:
            return _address_or(hop, peer)
    return _address_or(forwarded[0], peer) if forwarded else peer


def _address_or(hop: str, peer: str) -> str:
    """`hop` when it is an IP address (normalized), else the peer's: a forwarded value may be anything."""
    try:
        return str(ipaddress.ip_address(hop))
    except ValueError:
        return peer


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


def client_of(request: Request[Any, Any, Any]) -> str:
    """The client's address, as the HTTP edge established it."""
    return request.client.host if request.client else "unknown"
