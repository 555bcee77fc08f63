"""Key points: a text may open with three to five points, checked like any section and shown first."""

import re
from pathlib import Path

import pytest

from service.content.gate import check_content
from tests.helpers import PROJECT, SLUG, serving, settings_for

BUNDLED = PROJECT / "variants"
TEXTS = [(locale, audience) for locale in ("en", "es") for audience in ("clinician", "nurse", "family")]


def _text(content: Path, locale: str, audience: str) -> Path:
    return content / SLUG / locale / f"{audience}.md"


def _key_points(markdown: str) -> str:
    found = re.match(r"## [^\n]+ \{#key-points\}\n(.*?)\n(?=## )", markdown, re.S)
    assert found is not None, "the text does not open with its key points"
    return found.group(1)


def _replace_key_points(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    old = _key_points(text)
    path.write_text(text.replace(old, body, 1), encoding="utf-8")


def _messages(bundled_copy: Path) -> list[str]:
    return [f"{problem.rule}: {problem.message}" for problem in check_content(bundled_copy).problems]


@pytest.mark.parametrize(("locale", "audience"), TEXTS)
def test_each_bundled_text_opens_with_three_to_five_key_points(locale: str, audience: str) -> None:
    points = re.findall(r"^- ", _key_points(_text(BUNDLED, locale, audience).read_text(encoding="utf-8")), re.M)
    assert 3 <= len(points) <= 5


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("\n- One [1].\n- Two [1].\n", "2 points"),
        ("\n" + "".join(f"- Point {n} [1].\n" for n in range(6)), "6 points"),
        ("\nA paragraph first [1].\n\n- One [1].\n- Two [1].\n- Three [1].\n", "2 blocks"),
    ],
)
def test_key_points_are_one_list_of_three_to_five(bundled_copy: Path, body: str, found: str) -> None:
    path = _text(bundled_copy, "en", "family")
    _replace_key_points(path, body)

    [message] = [message for message in _messages(bundled_copy) if message.startswith("key-points:")]
    assert message == f"key-points: key points are one list of 3 to 5 points and nothing else; this section has {found}"


def test_key_points_come_first_in_their_text(bundled_copy: Path) -> None:
    path = _text(bundled_copy, "es", "nurse")
    text = path.read_text(encoding="utf-8")
    key_points = "## Puntos clave {#key-points}\n" + _key_points(text) + "\n"
    path.write_text(text.replace(key_points, "", 1).rstrip("\n") + "\n\n" + key_points, encoding="utf-8")

    assert (
        "key-points: `key-points` must be the first section of its text: readers meet the key points first"
        in _messages(bundled_copy)
    )


def test_key_points_are_held_to_the_clinician_texts_figures_like_any_section(bundled_copy: Path) -> None:
    path = _text(bundled_copy, "en", "family")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("it is very rarely cured [4, 3].", "it is cured in 2 in 10 children [4, 3].", 1), "utf-8"
    )

    assert any(
        message.startswith("number-not-in-clinician: `2 in 10`") and "key-points" in message
        for message in _messages(bundled_copy)
    )


def test_key_points_may_not_be_listed_as_a_section(bundled_copy: Path) -> None:
    metadata = bundled_copy / SLUG / "answer.toml"
    text = metadata.read_text(encoding="utf-8")
    metadata.write_text(text.replace('sections = ["evidence",', 'sections = ["key-points", "evidence",', 1), "utf-8")

    assert "duplicate-section: section `key-points` is reserved and must not be listed in `sections`" in _messages(
        bundled_copy
    )


def test_key_points_are_first_on_the_page_and_in_the_json() -> None:
    with serving(settings_for(BUNDLED)) as client:
        page = client.get(f"/es/family/answers/{SLUG}").text
        document = client.get(f"/api/v1/answers/{SLUG}?audience=nurse&locale=en").json()

    sections = re.findall(r'<section class="section" id="section-([a-z-]+)"', page)
    assert sections[:2] == ["key-points", "evidence"]
    assert 'id="heading-key-points">Puntos clave</h2>' in page
    assert [section["id"] for section in document["sections"]][:2] == ["key-points", "evidence"]
    assert document["sections"][0]["title"] == "Key points"
    assert document["sections"][0]["claims"] == [
        "poor-prognosis",
        "rt-indication",
        "tvd-response",
        "tvd-toxicity",
        "hematologic-toxicity",
        "infection-prophylaxis",
    ]
