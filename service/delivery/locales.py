"""Locales: which are supported, how a browser's Accept-Language picks one, and how content falls back."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale, negotiate_locale

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


def locale_chain(locale: str, default: str) -> tuple[str, ...]:
    """Where content is looked for, in order: `es-MX` → `es` → the default locale."""
    chain = [locale]
    if "-" in locale:
        chain.append(locale.split("-", 1)[0])
    chain.append(default)
    return tuple(dict.fromkeys(chain))


@cache
def babel_locale(tag: str) -> Locale:
    """The Babel locale for a BCP 47 tag."""
    return Locale.parse(tag, sep="-")


def text_direction(tag: str) -> str:
    """`rtl` for right-to-left scripts (Arabic, Hebrew …), else `ltr`."""
    return babel_locale(tag).text_direction


def endonym(tag: str) -> str:
    """A locale's name in its own language, as a language switcher lists it: `Español (México)`."""
    name = babel_locale(tag).get_display_name(babel_locale(tag)) or tag
    return name[:1].upper() + name[1:]


def language_name(tag: str, in_locale: str) -> str:
    """A locale's language named in another locale: `inglés` for `en` in `es`."""
    return babel_locale(tag).get_display_name(babel_locale(in_locale)) or tag
