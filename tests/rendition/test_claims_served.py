"""What readers get of claims: nothing of the markers; on clinician and nurse pages, a mark in their language on
what comes from general practice; in the JSON, which claims each sentence states or carries and their sources."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, Client, serving, settings_for

ANSWER = "fever-after-chemo"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    """The valid fixture, its antibiotics claim marked as general practice."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", content)
    clinician = content / ANSWER / "en" / "clinician.md"
    clinician.write_text(
        clinician.read_text(encoding="utf-8").replace("kind=key-fact}", "kind=key-fact source=practice}"),
        encoding="utf-8",
    )
    with serving(settings_for(content)) as served:
        yield served


@pytest.mark.parametrize(
    ("locale", "audience", "mark"),
    [
        ("en", "clinician", "general practice"),
        ("en", "nurse", "general practice"),
        ("es", "nurse", "práctica clínica general"),
        ("es", "clinician", "práctica clínica general"),
    ],
)
def test_clinician_and_nurse_pages_mark_general_practice_in_the_readers_language(
    client: Client, locale: str, audience: str, mark: str
) -> None:
    page = client.get(f"/{locale}/{audience}/answers/{ANSWER}").text

    assert page.count(f'<sup class="practice-mark">{mark}</sup>') == 1  # the antibiotics sentence only
    assert "{claim" not in page
    assert "{carries" not in page
    assert "carries=" not in page


def test_family_pages_show_no_mark_and_no_marker(client: Client) -> None:
    for locale in ("en", "es"):
        page = client.get(f"/{locale}/family/answers/{ANSWER}").text

        assert "practice-mark" not in page
        assert "{carries" not in page
        assert "Do not wait" in page or "No espere" in page


def test_the_json_says_which_claims_each_sentence_carries_and_where_they_come_from(client: Client) -> None:
    document = client.get(f"/api/v1/answers/{ANSWER}?audience=nurse&locale=en").json()
    when, what = document["sections"][:2]

    assert when["claims"] == ["fever-within-an-hour"]
    assert what["claims"] == ["antibiotics-within-an-hour"]
    [paragraph] = what["blocks"]
    assert paragraph["content"][-1] == {
        "type": "claim",
        "ids": ["antibiotics-within-an-hour"],
        "citations": [],
        "practice": True,
    }
    [first, second] = [inline for inline in when["blocks"][0]["content"] if inline["type"] == "claim"]
    assert first == second == {"type": "claim", "ids": ["fever-within-an-hour"], "citations": [1], "practice": False}
    assert "general practice" in what["html"]
    assert "{carries" not in what["html"]
