import pytest

from service.content.metadata import line_of

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
