"""The catalog being served: swapped whole, and out of the cyclic collector's sight while it is served."""

import gc
from pathlib import Path

from service.content.catalog import Catalog
from service.content.gate import gate
from service.content.live import LiveCatalog, collect_garbage_less_often
from service.content.model import Answer, SectionText, Variant
from service.content.readability import ReadingLevel
from tests.helpers import PROJECT

CATALOG_TYPES = (Catalog, Answer, Variant, SectionText, ReadingLevel)


def test_a_swap_freezes_the_heap_so_full_collections_skip_the_catalog(tmp_path: Path) -> None:
    catalog = gate(PROJECT / "variants", previous=None, cache_dir=tmp_path).catalog
    assert catalog is not None
    gc.unfreeze()
    live = LiveCatalog()
    live.swap(catalog)
    try:
        assert gc.get_freeze_count() > 0
        frozen_before = gc.get_freeze_count()
        alive_since = [[number] for number in range(1000)]  # tracked objects made after the first swap
        live.swap(catalog)
        assert gc.get_freeze_count() >= frozen_before + len(alive_since)
    finally:
        gc.unfreeze()


def test_a_replaced_catalog_is_freed_by_reference_counting_alone(tmp_path: Path) -> None:
    """Frozen objects are never collected as cycles: the catalog must hold none, or every reload would leak it."""
    gc.collect()
    flags = gc.get_debug()
    gc.set_debug(gc.DEBUG_SAVEALL)  # whatever only the cycle collector could free lands in gc.garbage
    try:
        gated = gate(PROJECT / "variants", previous=None, cache_dir=tmp_path)
        assert gated.catalog is not None
        assert gated.catalog.answers
        del gated
        gc.collect()
        in_cycles = [found for found in gc.garbage if isinstance(found, CATALOG_TYPES)]
    finally:
        gc.set_debug(flags)
        gc.garbage.clear()
    assert in_cycles == []


def test_the_server_start_up_makes_young_collections_rarer() -> None:
    threshold = gc.get_threshold()
    gc.set_threshold(700, *threshold[1:])
    try:
        collect_garbage_less_often()  # a step of the app's start-up

        assert gc.get_threshold()[0] == 10_000  # full collections of what stays in sight come rarer
    finally:
        gc.set_threshold(*threshold)
