from html.parser import HTMLParser

import msgspec
import pytest

from service.rendition import blocks
from service.rendition.markdown import ALLOWED_TAGS, render


def render_html(markdown: str) -> str:
    return render(markdown)[0]


def render_blocks(markdown: str) -> list[blocks.Block]:
    return render(markdown)[1]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags_of(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_citations_link_to_the_reference_list() -> None:
    html = render_html("Shown to work [1, 4].")

    assert '<a class="citation-ref" href="#reference-1"' in html
    assert '<a class="citation-ref" href="#reference-4"' in html


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "<iframe src=https://example.org></iframe>",
    ],
)
def test_raw_html_and_dangerous_links_do_not_survive(markdown: str) -> None:
    for tag, attributes in tags_of(render_html(markdown)):
        assert tag in ALLOWED_TAGS
        for name, value in attributes:
            assert not name.startswith("on")
            assert not (value or "").lower().startswith(("javascript:", "data:"))


def test_blocks_are_a_typed_tree() -> None:
    tree = render_blocks("Intro with **bold** and a [link](https://example.org) [2].\n\n1. one\n2. two\n")

    assert tree == [
        blocks.Paragraph(
            content=[
                blocks.Text(text="Intro with "),
                blocks.Strong(content=[blocks.Text(text="bold")]),
                blocks.Text(text=" and a "),
                blocks.Link(href="https://example.org", content=[blocks.Text(text="link")]),
                blocks.Text(text=" "),
                blocks.CitationRef(numbers=[2]),
                blocks.Text(text="."),
            ]
        ),
        blocks.ListBlock(
            ordered=True,
            items=[
                blocks.ListItem(blocks=[blocks.Paragraph(content=[blocks.Text(text="one")])]),
                blocks.ListItem(blocks=[blocks.Paragraph(content=[blocks.Text(text="two")])]),
            ],
        ),
    ]
    assert msgspec.json.decode(msgspec.json.encode(tree))[1]["type"] == "list"


def test_tables_become_header_and_rows() -> None:
    [table] = render_blocks("| Site | Dose |\n| --- | --- |\n| Bone | 17.6 Gy |\n")

    assert isinstance(table, blocks.Table)
    assert [cell.content for cell in table.header] == [[blocks.Text(text="Site")], [blocks.Text(text="Dose")]]
    assert [[cell.content for cell in row] for row in table.rows] == [
        [[blocks.Text(text="Bone")], [blocks.Text(text="17.6\N{NO-BREAK SPACE}Gy")]]
    ]


def test_a_quantity_never_breaks_between_its_number_and_its_unit() -> None:
    html, tree, _ = render("Give 45 mg/m² on 5 days, then 1.5 to 2 mg/kg; 9 in 10 children. Doses of 12 Gy.")

    assert "45&nbsp;mg/m²" in html
    assert "1.5&nbsp;to&nbsp;2&nbsp;mg/kg" in html
    assert "5&nbsp;days" in html
    assert "9 in 10 children" in html  # a proportion in words: only quantities with a unit are joined
    [paragraph] = tree
    assert isinstance(paragraph, blocks.Paragraph)
    [text] = paragraph.content
    assert isinstance(text, blocks.Text)
    assert text.text.endswith("12\N{NO-BREAK SPACE}Gy.")  # apps get the same text
