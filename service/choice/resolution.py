"""Deciding which audience and locale a request is served in: one pure function, `resolve`.

Precedence, for each of the two separately: an explicit choice in the URL (path or query), then
the remembered choice (the preference cookie, which only reader pages pass in), then — for the
locale only — the browser's Accept-Language, then the configured default.
"""

from __future__ import annotations

from enum import StrEnum

from service.choice.negotiation import negotiate
from service.content.locale_tags import language_of
from service.content.model import Audience
from service.errors import UnknownAudience, UnsupportedLocale
from service.settings import Settings
from service.structs import Record

__all__ = [
    "Choice",
    "Resolution",
    "Source",
    "cookie_value",
    "normal_locale",
    "parse_audience",
    "parse_cookie",
    "parse_locale",
    "resolve",
]


class Source(StrEnum):
    """What decided a value."""

    URL = "url"
    COOKIE = "cookie"
    ACCEPT_LANGUAGE = "accept-language"
    DEFAULT = "default"


class Choice(Record):
    """An audience and a locale: what a canonical URL spells out and the cookie remembers."""

    audience: Audience
    locale: str


class Resolution(Record):
    """The choice a request is served in, and where each half of it came from."""

    choice: Choice
    audience_from: Source
    locale_from: Source

    @property
    def varies_on_language(self) -> bool:
        """Whether Accept-Language took part: then a response must say `Vary: Accept-Language`.

        True whenever the URL does not name the locale, even if negotiation found nothing: another
        Accept-Language could have found something.
        """
        return self.locale_from in {Source.ACCEPT_LANGUAGE, Source.DEFAULT}

    @property
    def needs_choice(self) -> bool:
        """Whether nobody chose the audience (neither the URL nor a remembered choice): ask before showing.

        A default audience is a guess, and guessing "clinician" for a parent is the wrong page.
        """
        return self.audience_from is Source.DEFAULT


def parse_audience(value: str) -> Audience:
    """The audience named by `value`, or a 400 listing the valid ones."""
    audience = Audience.from_value(value)
    if audience is None:
        raise UnknownAudience(value, [audience.value for audience in Audience])
    return audience


def normal_locale(value: str, supported: tuple[str, ...]) -> str | None:
    """The supported locale `value` names, in its canonical spelling, or None.

    Tags are case-insensitive (`es-mx` is `es-MX`), and a regional variant Tailor does not list is its
    language (`es-AR` is `es`): a reader in Buenos Aires reads Spanish, not an error.
    """
    canonical = {tag.lower(): tag for tag in supported}
    lowered = value.lower()
    if lowered in canonical:
        return canonical[lowered]
    return canonical.get(language_of(lowered)) if "-" in lowered else None


def parse_locale(value: str, settings: Settings) -> str:
    """The supported locale `value` names (see `normal_locale`), or a 400 listing the supported ones."""
    locale = normal_locale(value, settings.supported_locales)
    if locale is None:
        raise UnsupportedLocale(value, list(settings.supported_locales))
    return locale


def cookie_value(choice: Choice) -> str:
    """The preference cookie's value for a choice: `family.es-MX`."""
    return f"{choice.audience.value}.{choice.locale}"


def parse_cookie(value: str | None, settings: Settings) -> tuple[Audience | None, str | None]:
    """The audience and locale a preference cookie remembers; anything unknown is ignored."""
    if not value or "." not in value:
        return None, None
    audience_text, locale = value.split(".", 1)
    return Audience.from_value(audience_text), normal_locale(locale, settings.supported_locales)


def resolve(
    *,
    settings: Settings,
    url_audience: str | None = None,
    url_locale: str | None = None,
    cookie: str | None = None,
    accept_language: str | None = None,
    strict: bool = True,
) -> Resolution:
    """The audience and locale to serve, by the precedence in this module's docstring.

    Args:
        settings: Supported locales and defaults.
        url_audience: The audience the URL names, as written.
        url_locale: The locale the URL names, as written.
        cookie: The preference cookie's value.
        accept_language: The Accept-Language header.
        strict: Whether a URL value that names no audience or supported locale is a 400 (for
            content URLs) or is passed over as if absent (for error pages, which must always render).
    """
    audience_in_url: Audience | None
    locale_in_url: str | None
    if strict:
        audience_in_url = parse_audience(url_audience) if url_audience is not None else None
        locale_in_url = parse_locale(url_locale, settings) if url_locale is not None else None
    else:
        audience_in_url = Audience.from_value(url_audience)
        locale_in_url = normal_locale(url_locale, settings.supported_locales) if url_locale is not None else None
    cookie_audience, cookie_locale = parse_cookie(cookie, settings)

    if audience_in_url is not None:
        audience, audience_from = audience_in_url, Source.URL
    elif cookie_audience is not None:
        audience, audience_from = cookie_audience, Source.COOKIE
    else:
        audience, audience_from = settings.default_audience, Source.DEFAULT

    if locale_in_url is not None:
        locale, locale_from = locale_in_url, Source.URL
    elif cookie_locale is not None:
        locale, locale_from = cookie_locale, Source.COOKIE
    elif (negotiated := negotiate(accept_language, settings.supported_locales)) is not None:
        locale, locale_from = negotiated, Source.ACCEPT_LANGUAGE
    else:
        locale, locale_from = settings.default_locale, Source.DEFAULT

    return Resolution(
        choice=Choice(audience=audience, locale=locale), audience_from=audience_from, locale_from=locale_from
    )
