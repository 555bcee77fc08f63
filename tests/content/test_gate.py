"""The gate in-process: per answer, previous versions kept, rule results reused by digest."""

import shutil
from pathlib import Path

import pytest

from service.content.gate import check_content, gate
from service.content.rule_cache import RuleCache, RuleResults
from service.content.targets import DEFAULT_TARGETS, LanguageTargets
from tests.helpers import FIXTURES

ANSWER = "fever-after-chemo"
OTHER = "central-lines"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    directory = tmp_path / "content"
    shutil.copytree(FIXTURES / "rules" / "related-should-link", directory)  # two valid answers
    return directory


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_answer_with_errors_keeps_its_previous_version_while_the_others_change(content: Path) -> None:
    first = gate(content, previous=None)
    assert first.catalog is not None
    assert first.held_back == ()
    edit(content / ANSWER / "en" / "family.md", "Do not wait", "Wait 4 hours")
    edit(content / OTHER / "answer.toml", "looked after", "cared for")

    second = gate(content, previous=first.catalog)

    assert second.catalog is not None
    assert second.catalog.answers[ANSWER] is first.catalog.answers[ANSWER]
    assert "cared for" in second.catalog.answers[OTHER].metadata.question["en"]
    [held] = second.held_back
    assert (held.slug, held.serving) == (ANSWER, first.catalog.answers[ANSWER].revision)
    assert [problem.rule.value for problem in held.findings.errors] == ["number-not-in-clinician"]
    assert second.catalog.held_back == (ANSWER,)


def test_a_new_answer_with_errors_is_not_served_at_all(content: Path) -> None:
    edit(content / ANSWER / "en" / "family.md", "Do not wait", "Wait 4 hours")

    gated = gate(content, previous=None)

    assert gated.catalog is not None
    assert list(gated.catalog.answers) == [OTHER]
    assert [(held.slug, held.serving) for held in gated.held_back] == [(ANSWER, None)]


def test_an_unreadable_directory_changes_nothing(content: Path, tmp_path: Path) -> None:
    served = gate(content, previous=None).catalog

    assert gate(tmp_path / "gone", previous=served).catalog is served
    assert gate(tmp_path / "gone", previous=None).catalog is None


def never() -> RuleResults:
    raise AssertionError("recomputed an answer whose results are cached")


def test_rule_results_are_reused_by_digest_and_recomputed_when_a_text_changes(content: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cold = check_content(content, DEFAULT_TARGETS, cache_dir)
    warm = check_content(content, DEFAULT_TARGETS, cache_dir)
    cache = RuleCache(cache_dir, content, DEFAULT_TARGETS)
    for answer in check_content(content).answers.values():
        cache.results(answer, never)

    assert (warm.problems, warm.rows) == (cold.problems, cold.rows)
    assert (cache.hits, cache.misses) == (2, 0)
    assert len(list(cache_dir.iterdir())) == 1  # one file per content directory

    edit(content / OTHER / "es" / "nurse.md", "La fiebre", "La fiebre alta")
    answers = check_content(content).answers
    cache = RuleCache(cache_dir, content, DEFAULT_TARGETS)
    cache.results(answers[ANSWER], never)
    cache.results(answers[OTHER], lambda: RuleResults(problems=(), rows=()))

    assert (cache.hits, cache.misses) == (1, 1)


def test_other_targets_are_other_results(content: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    check_content(content, DEFAULT_TARGETS, cache_dir)
    strict = {"en": LanguageTargets(family=-5, nurse=10), "es": DEFAULT_TARGETS["es"]}

    assert not check_content(content, strict, cache_dir).ok
    assert check_content(content, DEFAULT_TARGETS, cache_dir).ok


def test_the_check_and_the_gate_agree_on_every_fixture() -> None:
    for fixture in sorted((FIXTURES / "rules").iterdir()):
        checked = check_content(fixture)
        gated = gate(fixture, previous=None)

        assert gated.catalog is not None
        assert (ANSWER in gated.catalog.answers) is checked.ok, fixture.name
