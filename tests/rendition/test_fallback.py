"""The fallback chains, and how `build_answer` walks them: language before reading level, always said."""

import pytest

from service.choice import Choice
from service.content.catalog import Catalog
from service.content.model import Audience
from service.rendition.build import build_answer, build_answer_list
from service.rendition.fallback import FallbackRules, locale_chain
from tests.helpers import FIXTURES
from tests.helpers.catalogs import load_catalog

RULES = FallbackRules(
    default_locale="en", audience_fallback={Audience.FAMILY: Audience.NURSE, Audience.NURSE: Audience.CLINICIAN}
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded = load_catalog(FIXTURES / "fallback")
    assert loaded.ok
    return loaded.catalog


def test_locale_chain() -> None:
    assert locale_chain("es-MX", "en") == ("es-MX", "es", "en")
    assert locale_chain("es", "en") == ("es", "en")
    assert locale_chain("en", "en") == ("en",)


def test_audience_chain_follows_the_mapping_and_stops_at_a_repeat() -> None:
    assert RULES.audiences(Audience.FAMILY) == (Audience.FAMILY, Audience.NURSE, Audience.CLINICIAN)
    assert RULES.audiences(Audience.CLINICIAN) == (Audience.CLINICIAN,)
    circular = FallbackRules(
        default_locale="en", audience_fallback={Audience.FAMILY: Audience.NURSE, Audience.NURSE: Audience.FAMILY}
    )
    assert circular.audiences(Audience.FAMILY) == (Audience.FAMILY, Audience.NURSE)


def served(catalog: Catalog, audience: Audience, locale: str) -> dict[str, tuple[str, str, bool]]:
    answer = catalog.answers["partial-translation"]
    document = build_answer(
        answer, Choice(audience=audience, locale=locale), catalog=catalog, rules=RULES, href_for=lambda slug: slug
    )
    return {
        section.id: (section.served_locale, section.served_audience.value, section.fallback)
        for section in (*document.sections, document.disclaimer)
    }


def test_language_is_kept_before_reading_level(catalog: Catalog) -> None:
    # es-MX family: `before` in Spanish for families; `after` only exists in Spanish for nurses,
    # which beats English for families; the disclaimer is Spanish for families.
    assert served(catalog, Audience.FAMILY, "es-MX") == {
        "before": ("es", "family", True),
        "after": ("es", "nurse", True),
        "disclaimer": ("es", "family", True),
    }


def test_a_missing_locale_falls_back_to_the_default_one(catalog: Catalog) -> None:
    # No Spanish clinician text at all: the clinician chain has only `clinician`, so English it is.
    assert served(catalog, Audience.CLINICIAN, "es") == {
        "before": ("en", "clinician", True),
        "after": ("en", "clinician", True),
        "disclaimer": ("en", "clinician", True),
    }


def test_nothing_is_a_fallback_when_the_text_exists(catalog: Catalog) -> None:
    assert served(catalog, Audience.NURSE, "en") == {
        "before": ("en", "nurse", False),
        "after": ("en", "nurse", False),
        "disclaimer": ("en", "nurse", False),
    }


def test_questions_fall_back_along_the_locale_chain(catalog: Catalog) -> None:
    listing = build_answer_list(
        catalog, Choice(audience=Audience.FAMILY, locale="es-MX"), rules=RULES, href_for=lambda slug: f"/x/{slug}"
    )

    assert [(summary.question_locale, summary.href) for summary in listing.answers] == [
        ("en", "/x/partial-translation")
    ]
