"""The glossary: an answer folder of its own kind, gated like texts, read through the words it explains."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.content.gate import check_content
from service.content.problems import Rule
from service.rendition import blocks
from service.rendition.markdown import render
from tests.helpers import PROJECT, SLUG, Client, serving, settings_for

BUNDLED = PROJECT / "variants"
GLOSSARY = "glossary"
WORDS = (("platelets", ("platelets", "platelet")), ("blood-counts", ("blood counts",)), ("chemotherapy", ("chemo",)))


def _glossary_text(content: Path, locale: str, audience: str) -> Path:
    return content / GLOSSARY / locale / f"{audience}.md"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(content: Path, rule: Rule) -> list[str]:
    return [str(problem) for problem in check_content(content).problems if problem.rule is rule]


def test_the_bundled_glossary_passes_the_gate_and_defines_every_term_for_each_audience() -> None:
    checked = check_content(BUNDLED)

    assert checked.ok, [str(problem) for problem in checked.problems]
    glossary = checked.answers[GLOSSARY]
    assert glossary.metadata.is_glossary
    for term in ("platelets", "blood-counts", "cycle", "mibg", "anti-gd2", "chemotherapy", "radiotherapy"):
        for locale in ("en", "es"):
            for audience in ("clinician", "nurse", "family"):
                assert term in glossary.variants[locale, audience].sections, (term, locale, audience)  # type: ignore[index]
    for term in ("palliative-care", "hospice", "relapse", "refractory", "central-line", "neuroblastoma"):
        assert term in glossary.metadata.sections


def test_a_definition_with_a_figure_its_clinician_definition_lacks_is_refused(bundled_copy: Path) -> None:
    _edit(
        _glossary_text(bundled_copy, "en", "family"),
        "Tiny cells in the blood that help it clot",
        "Tiny cells in the blood, each living about 10 days, that help it clot",
    )

    [problem] = _problems(bundled_copy, Rule.NUMBER_NOT_IN_CLINICIAN)
    assert "glossary/en/family.md:" in problem
    assert "10 days" in problem
    assert "`platelets`" in problem
    assert GLOSSARY not in check_content(bundled_copy).answers  # held back: readers keep the last good glossary


def test_a_family_definition_above_the_family_reading_level_is_refused(bundled_copy: Path) -> None:
    _edit(
        _glossary_text(bundled_copy, "en", "family"),
        "The soft inside of the bones, where blood cells are made.",
        "The hematopoietic parenchymal compartment of the medullary cavity, responsible for continuous "
        "multilineage hematopoietic differentiation.",
    )

    [problem] = _problems(bundled_copy, Rule.READING_LEVEL)
    assert "glossary/en/family.md" in problem
    assert "bone-marrow" in problem


def test_terms_must_name_listed_sections_and_only_a_glossary_has_terms(bundled_copy: Path) -> None:
    _edit(bundled_copy / GLOSSARY / "answer.toml", "[terms.hospice]", "[terms.hospices]")
    metadata = bundled_copy / SLUG / "answer.toml"
    metadata.write_text(
        metadata.read_text(encoding="utf-8") + '\n[terms.evidence]\nen = ["evidence"]\n', encoding="utf-8"
    )

    found = _problems(bundled_copy, Rule.METADATA)
    assert any("term `hospices` is not in `sections`" in problem for problem in found), found
    assert any(f"{SLUG}/answer.toml:" in problem and "only a glossary" in problem for problem in found), found


def test_a_glossary_needs_no_disclaimer_and_no_key_points() -> None:
    checked = check_content(BUNDLED)
    glossary = checked.answers[GLOSSARY]

    assert "disclaimer" not in glossary.variants["en", "family"].sections  # type: ignore[index]
    assert not [problem for problem in checked.problems if problem.file.startswith(GLOSSARY)]


def test_the_first_use_in_a_section_is_marked_never_inside_a_link_a_heading_or_code() -> None:
    markdown = (
        "### Platelets and chemo\n\n"
        "Read [about platelets](https://example.org) and `platelets`. Low PLATELETS mean bruising; "
        "platelets again. Chemo can lower blood\ncounts.\n"
    )

    html, tree, used = render(markdown, terms=WORDS, section="care")

    assert used == ["platelets", "chemotherapy", "blood-counts"]
    assert "<h3>Platelets and chemo</h3>" in html  # headings name, they do not use
    assert '<a href="https://example.org" rel="noopener noreferrer">about platelets</a>' in html
    assert "<code>platelets</code>" in html
    assert (
        '<a class="term" href="#term-care-platelets" id="term-use-care-platelets" rel="noopener noreferrer">'
        "PLATELETS</a> mean bruising; platelets again." in html
    )
    assert html.count('class="term"') == 3  # each term once, the first use only
    assert 'href="#term-care-blood-counts"' in html  # a term's words may break across lines
    paragraph = tree[1]
    assert isinstance(paragraph, blocks.Paragraph)
    terms = [inline for inline in paragraph.content if isinstance(inline, blocks.Term)]
    assert [(term.term, term.content) for term in terms] == [
        ("platelets", [blocks.Text(text="PLATELETS")]),
        ("chemotherapy", [blocks.Text(text="Chemo")]),
        ("blood-counts", [blocks.Text(text="blood counts")]),  # the line break read as a space
    ]


def test_a_word_inside_a_longer_word_is_not_a_term() -> None:
    html, _, used = render("Antiplatelet drugs and chemotherapy-free days.", terms=WORDS, section="care")

    assert used == []
    assert 'class="term"' not in html


@pytest.fixture
def client() -> Iterator[Client]:
    with serving(settings_for(BUNDLED)) as test_client:
        yield test_client


def test_a_family_page_defines_each_term_where_it_is_used_linked_both_ways(client: Client) -> None:
    page = client.get(f"/es/family/answers/{SLUG}").text

    chemotherapy = page[page.index('id="section-chemotherapy"') :].split("</section>")[0]
    uses = re.findall(
        r'<a class="term" href="#(term-chemotherapy-[a-z0-9-]+)" id="(term-use-chemotherapy-[a-z0-9-]+)"', chemotherapy
    )
    assert uses, "no term marked in the chemotherapy section"
    for target, use in uses:
        # Without JavaScript the definition is on the page, under "Words to know", and links back to the text.
        assert f'<dt id="{target}">' in chemotherapy
        assert f'<a class="term-back" href="#{use}">' in chemotherapy
    assert '<h3 id="words-chemotherapy">Palabras que conviene conocer</h3>' in chemotherapy
    assert "<dfn>Plaquetas</dfn>" in chemotherapy
    assert "Células muy pequeñas de la sangre que la ayudan a cuajar" in chemotherapy
    assert re.search(r'<script src="/static/glossary\.[0-9a-f]+\.js" defer></script>', page)


def test_clinician_pages_explain_no_words(client: Client) -> None:
    page = client.get(f"/en/clinician/answers/{SLUG}").text
    document = client.get(f"/api/v1/answers/{SLUG}?audience=clinician&locale=en").json()

    assert 'class="term"' not in page
    assert "words-to-know" not in page
    assert "glossary." not in page  # no script either
    assert all(section["terms"] == [] for section in document["sections"])


def test_the_json_carries_term_spans_and_their_definitions(client: Client) -> None:
    document = client.get(f"/api/v1/answers/{SLUG}?audience=nurse&locale=en").json()
    chemotherapy = {section["id"]: section for section in document["sections"]}["chemotherapy"]

    def spans(inlines: list[dict[str, object]]) -> list[str]:
        found = []
        for inline in inlines:
            if inline["type"] == "term":
                found.append(str(inline["term"]))
            for key in ("content", "blocks"):
                if isinstance(inline.get(key), list):
                    found.extend(spans(inline[key]))  # type: ignore[arg-type]
            for item in inline.get("items", []) or []:  # type: ignore[attr-defined]
                found.extend(spans(item["blocks"]))
        return found

    assert spans(chemotherapy["blocks"]) == [term["id"] for term in chemotherapy["terms"]]
    central_line = {term["id"]: term for term in chemotherapy["terms"]}["central-line"]
    assert central_line["title"] == "Central line"
    assert central_line["served_audience"] == "nurse"
    assert central_line["served_locale"] == "en"
    assert central_line["fallback"] is False
    assert central_line["html"].startswith("<p>A catheter whose tip sits in a large vein in the chest")
    assert central_line["review"]["status"] == "submitted"


def test_the_glossary_is_no_page_and_no_entry_of_any_list(client: Client) -> None:
    assert client.get(f"/en/family/answers/{GLOSSARY}").status_code == 404
    assert client.get(f"/api/v1/answers/{GLOSSARY}?audience=family").status_code == 404
    listed = client.get("/api/v1/answers?audience=family&locale=en").json()
    assert [entry["slug"] for entry in listed["answers"]] == [SLUG]
    manifest = client.get("/api/v1/manifest?audience=family&locale=en").json()
    assert [entry["slug"] for entry in manifest["answers"]] == [SLUG]
    assert f"/answers/{GLOSSARY}" not in client.get("/sitemap.xml").text
    results = client.get("/api/v1/search?q=plaquetas&audience=family&locale=es").json()
    assert GLOSSARY not in {result["slug"] for result in results["results"]}


def test_one_definition_through_the_api_with_the_sections_fallback_chains(client: Client) -> None:
    spanish = client.get("/api/v1/glossary/platelets?audience=family&locale=es")
    french = client.get("/api/v1/glossary/platelets?audience=family&locale=fr")
    strict = client.get("/api/v1/glossary/platelets?audience=family&locale=fr&useFallback=false")
    unknown = client.get("/api/v1/glossary/spleen?audience=family&locale=en")

    assert spanish.status_code == 200
    assert spanish.json()["title"] == "Plaquetas"
    assert spanish.json()["fallback"] is False
    assert spanish.headers["content-language"] == "es"
    assert "etag" in spanish.headers
    assert (
        client.get(
            "/api/v1/glossary/platelets?audience=family&locale=es", headers={"If-None-Match": spanish.headers["etag"]}
        ).status_code
        == 304
    )
    assert (french.json()["served_locale"], french.json()["fallback"]) == ("en", True)
    assert strict.status_code == 404
    assert strict.headers["content-type"] == "application/problem+json"
    assert unknown.status_code == 404
    assert "“spleen”" in unknown.json()["detail"]
    assert client.get("/api/v1/glossary/Not%20a%20term?audience=family").status_code == 400
