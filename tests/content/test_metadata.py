import pytest

from service.content.metadata import line_of, read_metadata
from service.content.problems import Rule

TEXT = """\
slug = "a"
sections = [
  "one",
  "two",
]

[question]
en = "Q?"

[review]
status = "submitted"

[[citations]]
number = 1

[[citations]]
number = 2
description = "d"

[[related]]
question.en = "R?"
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (["slug"], 1),
        (["sections", 1], 2),
        (["question", "en"], 8),
        (["review", "status"], 11),
        (["review", "board"], 10),
        (["citations", 0], 13),
        (["citations", 1, "description"], 18),
        (["related", 0, "question", "en"], 21),
        (["nowhere"], 1),
    ],
)
def test_line_of_maps_a_decoded_path_to_the_line_that_defines_it(path: list[str | int], line: int) -> None:
    assert line_of(TEXT, path) == line


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('slug = "x"\nlast_update = 2026-01-01\n', 2, "unknown field `last_update`. Did you mean `last_updated`?"),
        (
            'slug = "x"\n\n[review]\nstatus = "approved"\nbord = "B"\n',
            5,
            "unknown field `bord` in `review`. Did you mean `board`?",
        ),
        ('slug = "x"\n[[citations]]\nnumber = 1\ndescription = "d"\nautor = "A"\n', 5, "Did you mean `authors`?"),
        ('slug = "x"\ncolour = "red"\n', 2, "Allowed: `slug`, `question`, `review`, `last_updated`"),
    ],
)
def test_an_unknown_field_is_reported_at_its_own_line_with_what_is_allowed(text: str, line: int, fragment: str) -> None:
    [problem] = read_metadata(text, "answer.toml")  # type: ignore[misc]

    assert (problem.rule, problem.line) == (Rule.METADATA, line)
    assert fragment in problem.message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('slug = "x\nsections = []\n', 1, "a quoted text is not closed"),
        ('slug "x"\n', 1, "a `=` is missing"),
        ("slug = x\n", 1, "text needs quotes"),
        ('sections = ["a", "b"\n\n[question]\nen = "Q?"\n', 1, "a list is not closed"),
        ('slug = "x"\nslug = "y"\n', 2, "already defined above"),
    ],
)
def test_a_toml_syntax_error_is_said_in_plain_words_at_its_line(text: str, line: int, words: str) -> None:
    [problem] = read_metadata(text, "answer.toml")  # type: ignore[misc]

    assert (problem.rule, problem.line) == (Rule.TOML_SYNTAX, line)
    assert words in problem.message
    assert f"line {line}" in problem.message
