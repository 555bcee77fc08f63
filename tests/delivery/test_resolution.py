"""Resolution precedence, case by case: URL > cookie > Accept-Language (locale only) > default."""

import pytest

from service.content.model import Audience
from service.delivery.resolution import Choice, Source, cookie_value, parse_cookie, resolve
from service.settings import Settings

SETTINGS = Settings()


@pytest.mark.parametrize(
    ("url_audience", "url_locale", "cookie", "accept_language", "expected", "audience_from", "locale_from"),
    [
        (None, None, None, None, Choice(Audience.CLINICIAN, "en"), Source.DEFAULT, Source.DEFAULT),
        (None, None, None, "es-ES,es;q=0.9", Choice(Audience.CLINICIAN, "es"), Source.DEFAULT, Source.ACCEPT_LANGUAGE),
        (None, None, "family.fr", "es", Choice(Audience.FAMILY, "fr"), Source.COOKIE, Source.COOKIE),
        (Audience.NURSE, "de", "family.fr", "es", Choice(Audience.NURSE, "de"), Source.URL, Source.URL),
        (Audience.NURSE, None, "family.fr", "es", Choice(Audience.NURSE, "fr"), Source.URL, Source.COOKIE),
        (None, "ar", "family.fr", "es", Choice(Audience.FAMILY, "ar"), Source.COOKIE, Source.URL),
        # A cookie with an unknown half keeps the other half; the unknown half falls through.
        (None, None, "family.xx", "es", Choice(Audience.FAMILY, "es"), Source.COOKIE, Source.ACCEPT_LANGUAGE),
        (None, None, "doctor.fr", "es", Choice(Audience.CLINICIAN, "fr"), Source.DEFAULT, Source.COOKIE),
        (None, None, "garbage", "zz", Choice(Audience.CLINICIAN, "en"), Source.DEFAULT, Source.DEFAULT),
    ],
)
def test_precedence(
    url_audience: Audience | None,
    url_locale: str | None,
    cookie: str | None,
    accept_language: str | None,
    expected: Choice,
    audience_from: Source,
    locale_from: Source,
) -> None:
    resolution = resolve(
        settings=SETTINGS,
        url_audience=url_audience,
        url_locale=url_locale,
        cookie=cookie,
        accept_language=accept_language,
    )

    assert (resolution.choice, resolution.audience_from, resolution.locale_from) == (
        expected,
        audience_from,
        locale_from,
    )


def test_defaults_are_configurable() -> None:
    settings = Settings(default_audience=Audience.FAMILY, default_locale="es")

    assert resolve(settings=settings).choice == Choice(Audience.FAMILY, "es")


def test_cookie_round_trip() -> None:
    choice = Choice(Audience.FAMILY, "es-MX")

    assert cookie_value(choice) == "family.es-MX"
    assert parse_cookie(cookie_value(choice), SETTINGS) == (Audience.FAMILY, "es-MX")
    assert parse_cookie("", SETTINGS) == (None, None)
