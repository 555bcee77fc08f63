"""The store as the server's content source: after a write, only the changed answer is read and checked again."""

import asyncio
import shutil
from pathlib import Path

import pytest

from service.content.catalog import Catalog
from service.content.gate import Gate, Gated
from service.store.database import alchemy_config, ensure_schema
from service.store.source import StoreSource
from service.store.transfer import import_directory
from tests.helpers import FIXTURES, in_thread

CHANGED = "fever-after-chemo"
OTHER = "central-lines"


def test_a_partial_reload_reads_only_the_changed_answer_and_keeps_the_others_as_served(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "rules" / "related-should-link", content)  # two answers
    config = alchemy_config(f"sqlite+aiosqlite:///{tmp_path / 'tailor.db'}")
    source = StoreSource(config=config)

    async def go() -> tuple[Catalog, Gated, Gated]:
        await ensure_schema(config, create=True)
        await import_directory(config, content, gate=Gate())
        first = (await source.gate(None)).catalog
        assert first is not None
        family = content / CHANGED / "en" / "family.md"
        family.write_text(family.read_text(encoding="utf-8").replace("Do not wait", "Please do not wait"), "utf-8")
        await import_directory(config, content, gate=Gate())
        partial = await source.gate(first, frozenset({CHANGED}))
        full = await source.gate(first)
        await config.get_engine().dispose()
        return first, partial, full

    first, partial, full = in_thread(asyncio.run, go())

    assert [found.slug for found in partial.checked.findings] == [CHANGED]
    assert partial.catalog is not None
    assert full.catalog is not None
    assert partial.catalog.answers[OTHER] is first.answers[OTHER]
    assert partial.catalog.answers[CHANGED].revision != first.answers[CHANGED].revision
    assert partial.catalog.revision == full.catalog.revision  # the same catalog as a full reload


def test_a_new_replica_starts_from_the_rule_results_another_one_shared(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_config, second_config = alchemy_config(store_url), alchemy_config(store_url)
    first = StoreSource(config=first_config)  # neither has a cache directory: a new machine each
    second = StoreSource(config=second_config)

    async def load(source: StoreSource) -> Gated:
        gated = await source.gate(None)
        await source.config.get_engine().dispose()
        return gated

    async def fill() -> None:
        await import_directory(first_config, FIXTURES / "rules" / "related-should-link", gate=Gate())
        await first_config.get_engine().dispose()

    in_thread(asyncio.run, fill())
    loaded = in_thread(asyncio.run, load(first))

    def rules_run(*_: object) -> None:
        raise AssertionError("the rules ran although another replica shared their results")

    monkeypatch.setattr("service.content.gate.check_answer", rules_run)
    again = in_thread(asyncio.run, load(second))

    assert loaded.catalog is not None
    assert again.catalog is not None
    assert again.catalog.revision == loaded.catalog.revision
    assert sorted(again.catalog.answers) == [OTHER, CHANGED]
