import pytest

from service.content.quantities import quantities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Topotecan 1.5 mg/m² IV daily × 5 days", ["1.5 mg/m²", "5 day"]),
        ("as 48-hour infusions every 3 weeks", ["48 hour", "3 week"]),
        ("in 26–41% of cycles", ["26 %", "41 %"]),
        ("en el 26-41 % de los ciclos", ["26 %", "41 %"]),
        ("topotecán 1,5 mg/m2 durante 5 días", ["1.5 mg/m²", "5 day"]),
        ("≥15 Gy vs <15 Gy", ["15 Gy", "15 Gy"]),
        ("a mean of 19.60 Gy", ["19.6 Gy"]),
        ("within 1 year, after 1 to 2 cycles", ["1 year", "1 cycle", "2 cycle"]),
        ("about 30 días", ["30 day"]),
        ("grade 4 toxicity, version 2.0, p = 0.038", []),
        ("page 3 of the leaflet", []),
    ],
)
def test_quantities_are_found_and_normalised(text: str, expected: list[str]) -> None:
    assert [quantity for _, quantity in quantities(text)] == expected
