"""Which supported locale a browser's Accept-Language header asks for, by Babel's negotiation."""

from __future__ import annotations

import re

from babel import negotiate_locale

__all__ = ["interface_language", "negotiate", "parse_accept_language"]

_LANGUAGE_RANGE = re.compile(r"^(?:\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$")
_QUALITY = re.compile(r"^q=(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$", re.IGNORECASE)
_MAX_HEADER_LENGTH = 1024
_MAX_RANGES = 32


def parse_accept_language(header: str | None) -> list[str]:
    """Language ranges from an Accept-Language header, most preferred first.

    Defensive by design: anything malformed is skipped, never raised; an overlong header or an
    absurd number of ranges is cut short. `q=0` means "not this one" and is dropped.
    """
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for position, item in enumerate(header[:_MAX_HEADER_LENGTH].split(",")[:_MAX_RANGES]):
        tag, *parameters = (part.strip() for part in item.split(";"))
        if not _LANGUAGE_RANGE.match(tag) or tag == "*":
            continue
        quality = 1.0
        for parameter in parameters:
            if _QUALITY.match(parameter):
                quality = float(parameter[2:])
        if quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(header: str | None, supported: tuple[str, ...]) -> str | None:
    """The supported locale an Accept-Language header prefers, in its canonical spelling, or None."""
    preferred = parse_accept_language(header)
    if not preferred:
        return None
    canonical = {tag.lower(): tag for tag in supported}
    chosen = negotiate_locale(preferred, list(supported), sep="-")
    return canonical.get(chosen.lower()) if chosen else None


def interface_language(remembered: str | None, header: str | None, supported: tuple[str, ...], default: str) -> str:
    """The language of pages someone works in: the one they chose, while supported, else their browser's."""
    if remembered is not None and remembered in supported:
        return remembered
    return negotiate(header, supported) or default
