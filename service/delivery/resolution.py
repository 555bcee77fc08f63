"""Deciding which audience and locale a request is served in: one pure function, `resolve`.

Precedence, for each of the two separately: an explicit choice in the URL, then the remembered
choice (the preference cookie), then — for the locale only — the browser's Accept-Language, then
the configured default.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec

from service.content.model import Audience
from service.delivery.locales import negotiate
from service.settings import Settings


class Source(StrEnum):
    """What decided a value."""

    URL = "url"
    COOKIE = "cookie"
    ACCEPT_LANGUAGE = "accept-language"
    DEFAULT = "default"


class Choice(msgspec.Struct, frozen=True):
    """An audience and a locale: what a canonical URL spells out and the cookie remembers."""

    audience: Audience
    locale: str


class Resolution(msgspec.Struct, frozen=True, kw_only=True):
    """The choice a request is served in, and where each half of it came from."""

    choice: Choice
    audience_from: Source
    locale_from: Source


def cookie_value(choice: Choice) -> str:
    """The preference cookie's value for a choice: `family.es-MX`."""
    return f"{choice.audience.value}.{choice.locale}"


def parse_cookie(value: str | None, settings: Settings) -> tuple[Audience | None, str | None]:
    """The audience and locale a preference cookie remembers; anything unknown is ignored."""
    if not value or "." not in value:
        return None, None
    audience_text, locale = value.split(".", 1)
    return Audience.from_value(audience_text), locale if locale in settings.supported_locales else None


def resolve(
    *,
    settings: Settings,
    url_audience: Audience | None = None,
    url_locale: str | None = None,
    cookie: str | None = None,
    accept_language: str | None = None,
) -> Resolution:
    """The audience and locale to serve, by the precedence in this module's docstring."""
    cookie_audience, cookie_locale = parse_cookie(cookie, settings)

    if url_audience is not None:
        audience, audience_from = url_audience, Source.URL
    elif cookie_audience is not None:
        audience, audience_from = cookie_audience, Source.COOKIE
    else:
        audience, audience_from = settings.default_audience, Source.DEFAULT

    negotiated = negotiate(accept_language, settings.supported_locales)
    if url_locale is not None:
        locale, locale_from = url_locale, Source.URL
    elif cookie_locale is not None:
        locale, locale_from = cookie_locale, Source.COOKIE
    elif negotiated is not None:
        locale, locale_from = negotiated, Source.ACCEPT_LANGUAGE
    else:
        locale, locale_from = settings.default_locale, Source.DEFAULT

    return Resolution(choice=Choice(audience, locale), audience_from=audience_from, locale_from=locale_from)
