import pytest

from service.content.problems import Rule
from service.content.variant_file import split_sections


def test_sections_keep_titles_bodies_and_real_line_numbers() -> None:
    text = "## First {#one}\n\nBody one.\n\n### A sub-heading\n\nMore.\n\n## Second {#two}\nBody two.\n"

    sections, problems = split_sections(text, "x.md")

    assert problems == []
    assert [(s.id, s.title, s.location.line, s.body_line) for s in sections] == [
        ("one", "First", 1, 3),
        ("two", "Second", 9, 10),
    ]
    assert sections[0].body == "Body one.\n\n### A sub-heading\n\nMore."


def test_a_heading_inside_a_code_fence_is_not_a_section() -> None:
    text = "## Only {#only}\n\n```\n## not a section {#nope}\n```\n"

    sections, problems = split_sections(text, "x.md")

    assert problems == []
    assert [s.id for s in sections] == ["only"]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("## No id here\n\nText.\n", 1, "has no id"),
        ("## Bad {#Bad_Id}\n\nText.\n", 1, "lowercase letters"),
        ("## {#no-title}\n\nText.\n", 1, "no title"),
        ("# Title\n\n## Ok {#ok}\n", 1, "level-1"),
        ("Intro.\n\n## Ok {#ok}\n", 1, "before the first"),
        ("", 1, "no sections"),
    ],
)
def test_structure_problems_name_the_line(text: str, line: int, fragment: str) -> None:
    _, problems = split_sections(text, "x.md")

    assert [(p.rule, p.file, p.line) for p in problems] == [(Rule.MARKDOWN_STRUCTURE, "x.md", line)]
    assert fragment in problems[0].message
