from hypothesis import given
from hypothesis import strategies as st

from service.choice import negotiate, parse_accept_language

SUPPORTED = ("en", "es", "es-MX", "fr", "de", "ar")


def test_quality_values_order_the_ranges() -> None:
    assert parse_accept_language("fr;q=0.5, de, es;q=0.9, it;q=0") == ["de", "es", "fr"]


def test_negotiation_matches_regions_to_languages_and_keeps_canonical_spelling() -> None:
    assert negotiate("es-AR,en;q=0.5", SUPPORTED) == "es"
    assert negotiate("ES-mx", SUPPORTED) == "es-MX"
    assert negotiate("pt-BR, *", SUPPORTED) is None
    assert negotiate(None, SUPPORTED) is None


@given(st.text())
def test_any_header_gives_a_supported_locale_or_nothing(header: str) -> None:
    assert negotiate(header, SUPPORTED) in {*SUPPORTED, None}
