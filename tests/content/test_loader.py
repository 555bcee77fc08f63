import shutil
from pathlib import Path

import pytest

from service.content.catalog import Catalog
from service.content.model import DISCLAIMER_SECTION, Audience, ReviewStatus
from service.content.problems import Rule
from tests.helpers.catalogs import load_catalog


def test_loads_every_variant_with_sections_in_file_order(valid_content: Path) -> None:
    loaded = load_catalog(valid_content)
    answer = loaded.catalog.answer("fever-after-chemo")

    assert loaded.ok
    assert answer is not None
    assert answer.locales == ("en", "es")
    assert set(answer.variants) == {(locale, audience) for locale in ("en", "es") for audience in Audience}
    family = answer.variant("en", Audience.FAMILY)
    assert family is not None
    assert list(family.sections) == ["when-to-call", "what-happens", DISCLAIMER_SECTION]
    assert family.sections["what-happens"].title == "What happens"
    assert family.sections["what-happens"].body.startswith("The team will take some blood.")
    assert family.sections["what-happens"].body_line == 7
    assert answer.metadata.review.status is ReviewStatus.APPROVED
    assert [citation.number for citation in answer.metadata.citations] == [1, 2]


def test_lookup_by_slug_and_unknown_slug(valid_content: Path) -> None:
    catalog = load_catalog(valid_content).catalog

    assert catalog.answer("fever-after-chemo") is catalog.answers["fever-after-chemo"]
    assert catalog.answer("nope") is None
    assert len(catalog) == 1


def test_the_catalog_cannot_be_changed(valid_content: Path) -> None:
    catalog = load_catalog(valid_content).catalog
    answer = catalog.answers["fever-after-chemo"]

    with pytest.raises(AttributeError):
        catalog.revision = "x"
    with pytest.raises(TypeError):
        catalog.answers["other"] = answer  # type: ignore[index]
    with pytest.raises(TypeError):
        answer.variants["fr", Audience.FAMILY] = answer.variants["en", Audience.FAMILY]  # type: ignore[index]


def test_revisions_change_exactly_with_content(valid_content: Path, tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(valid_content, copy)
    before = load_catalog(copy).catalog
    again = load_catalog(copy).catalog
    family = copy / "fever-after-chemo" / "en" / "family.md"
    family.write_text(family.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    after = load_catalog(copy).catalog

    assert again.revision == before.revision
    assert after.revision != before.revision
    assert after.answers["fever-after-chemo"].revision != before.answers["fever-after-chemo"].revision


def test_a_missing_directory_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    loaded = load_catalog(tmp_path / "absent")

    assert not loaded.ok
    assert loaded.catalog == Catalog.empty()
    assert [problem.rule for problem in loaded.problems] == [Rule.UNKNOWN_FILE]


def test_stray_files_and_locale_folders_are_reported(
    valid_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # findings name files relative to where the command runs
    copy = tmp_path / "content"
    shutil.copytree(valid_content, copy)
    (copy / "notes.txt").write_text("x", encoding="utf-8")
    (copy / "fever-after-chemo" / "klingon").mkdir()
    (copy / "fever-after-chemo" / ".hidden").write_text("ignored", encoding="utf-8")

    problems = load_catalog(copy).problems

    assert sorted((p.rule, p.file) for p in problems) == [
        (Rule.UNKNOWN_FILE, "content/fever-after-chemo/klingon"),
        (Rule.UNKNOWN_FILE, "content/notes.txt"),
    ]


def test_a_folder_without_metadata_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "content" / "lonely" / "en").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)

    problems = load_catalog(tmp_path / "content").problems

    assert [(p.rule, p.file) for p in problems] == [(Rule.METADATA, "content/lonely/answer.toml")]


def test_files_outside_the_working_directory_are_named_absolutely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "content" / "lonely" / "en").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")

    [problem] = load_catalog(Path("../content")).problems

    assert problem.file == str(tmp_path.resolve() / "content" / "lonely" / "answer.toml")


def test_the_revision_does_not_depend_on_where_the_content_is(valid_content: Path, tmp_path: Path) -> None:
    shutil.copytree(valid_content, tmp_path / "one")
    shutil.copytree(valid_content, tmp_path / "two" / "deeper")

    assert load_catalog(tmp_path / "one").catalog.revision == load_catalog(tmp_path / "two" / "deeper").catalog.revision
