"""Locale tags (BCP 47, `es-MX`): their canonical spelling and their language, read off in one place."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

__all__ = ["canonical_tag", "language_of"]


def language_of(locale: str) -> str:
    """The language of a locale tag: `es-MX` → `es`."""
    return locale.split("-", 1)[0].lower()


def canonical_tag(tag: str) -> str | None:
    """The canonical BCP 47 form of `tag` (`es-MX`), or None if Babel does not know it."""
    try:
        return str(Locale.parse(tag, sep="-")).replace("_", "-")
    except (ValueError, UnknownLocaleError):
        return None
