"""What a locale is called and which way it is written, from Babel's locale data."""

from __future__ import annotations

from functools import cache

from babel import Locale

__all__ = ["babel_locale", "endonym", "language_name", "text_direction"]


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
