"""Resolution precedence, case by case: URL > cookie > Accept-Language (locale only) > default."""

import pytest

from service.choice import Choice, Source, cookie_value, parse_cookie, resolve
from service.content.model import Audience
from service.errors import TailorError
from service.settings import Settings

SETTINGS = Settings()


@pytest.mark.parametrize(
    ("url_audience", "url_locale", "cookie", "accept_language", "expected", "audience_from", "locale_from"),
    [
        (None, None, None, None, Choice(audience=Audience.CLINICIAN, locale="en"), Source.DEFAULT, Source.DEFAULT),
        (
            None,
            None,
            None,
            "es-ES,es;q=0.9",
            Choice(audience=Audience.CLINICIAN, locale="es"),
            Source.DEFAULT,
            Source.ACCEPT_LANGUAGE,
        ),
        (None, None, "family.fr", "es", Choice(audience=Audience.FAMILY, locale="fr"), Source.COOKIE, Source.COOKIE),
        (Audience.NURSE, "de", "family.fr", "es", Choice(audience=Audience.NURSE, locale="de"), Source.URL, Source.URL),
        (
            Audience.NURSE,
            None,
            "family.fr",
            "es",
            Choice(audience=Audience.NURSE, locale="fr"),
            Source.URL,
            Source.COOKIE,
        ),
        (None, "ar", "family.fr", "es", Choice(audience=Audience.FAMILY, locale="ar"), Source.COOKIE, Source.URL),
        # A cookie with an unknown half keeps the other half; the unknown half falls through.
        (
            None,
            None,
            "family.xx",
            "es",
            Choice(audience=Audience.FAMILY, locale="es"),
            Source.COOKIE,
            Source.ACCEPT_LANGUAGE,
        ),
        (
            None,
            None,
            "doctor.fr",
            "es",
            Choice(audience=Audience.CLINICIAN, locale="fr"),
            Source.DEFAULT,
            Source.COOKIE,
        ),
        (None, None, "garbage", "zz", Choice(audience=Audience.CLINICIAN, locale="en"), Source.DEFAULT, Source.DEFAULT),
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

    assert resolve(settings=settings).choice == Choice(audience=Audience.FAMILY, locale="es")


def test_cookie_round_trip() -> None:
    choice = Choice(audience=Audience.FAMILY, locale="es-MX")

    assert cookie_value(choice) == "family.es-MX"
    assert parse_cookie(cookie_value(choice), SETTINGS) == (Audience.FAMILY, "es-MX")
    assert parse_cookie("", SETTINGS) == (None, None)


@pytest.mark.parametrize(
    ("audience", "locale", "problem"),
    [("doctor", "es", "/problems/unknown-audience"), ("family", "pt", "/problems/unsupported-locale")],
)
def test_strict_resolution_refuses_unknown_url_values(audience: str, locale: str, problem: str) -> None:
    with pytest.raises(TailorError) as refused:
        resolve(settings=SETTINGS, url_audience=audience, url_locale=locale)

    assert refused.value.problem_type == problem
    assert refused.value.status_code == 400


def test_lenient_resolution_passes_over_unknown_url_values() -> None:
    resolution = resolve(
        settings=SETTINGS, url_audience="doctor", url_locale="pt", cookie="nurse.de", accept_language="es", strict=False
    )

    assert resolution.choice == Choice(audience=Audience.NURSE, locale="de")
    assert (resolution.audience_from, resolution.locale_from) == (Source.COOKIE, Source.COOKIE)


@pytest.mark.parametrize(
    ("url_locale", "accept_language", "varies"),
    [("es", "fr", False), (None, "fr", True), (None, None, True)],
)
def test_a_response_varies_on_language_unless_the_url_names_the_locale(
    url_locale: str | None, accept_language: str | None, varies: bool
) -> None:
    resolution = resolve(settings=SETTINGS, url_locale=url_locale, accept_language=accept_language)

    assert resolution.varies_on_language is varies
