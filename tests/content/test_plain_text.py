from service.content.plain_text import plain_text, word_count


def test_blocks_become_sentences_and_citations_disappear() -> None:
    markdown = (
        "Some **bold** text [1]\nwrapped here.\n\n- first item\n- second: [2, 3]\n\n### Ask the team\n\n1. a step"
    )

    assert plain_text(markdown) == "Some bold text wrapped here. first item. second. Ask the team. a step."


def test_tables_are_read_cell_by_cell() -> None:
    assert plain_text("| Site | Dose |\n| --- | --- |\n| Bone | 17.6 Gy |") == "Site. Dose. Bone. 17.6 Gy."


def test_word_count() -> None:
    assert word_count("one two  three\nfour") == 4
