"""What explaining hard words costs a cold page build: the bundled answer built with its glossary and without.

    .venv/bin/python bench/glossary.py [--rounds 200]

Both builds run in the same process and the same run, alternating, with the rendering cache emptied before
each (the first reader of a page after a publish); the figure is the ratio of their medians, so that a
busy machine slows both alike. Family and nurse pages mark terms; the clinician page, which marks none, is
the control (its ratio should be 1).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from service.choice import Choice
from service.content.catalog import Catalog
from service.content.gate import gate
from service.content.model import Audience
from service.i18n.templating import Pages
from service.rendition.build import build_answer
from service.rendition.fallback import FallbackRules
from service.rendition.markdown import section_rendering

ROOT = Path(__file__).resolve().parent.parent
SLUG = "palliative-neuroblastoma"
RULES = FallbackRules(
    default_locale="en", audience_fallback={Audience.FAMILY: Audience.NURSE, Audience.NURSE: Audience.CLINICIAN}
)
READERS = tuple(
    Choice(audience=audience, locale=locale)
    for audience, locale in ((Audience.FAMILY, "es"), (Audience.NURSE, "en"), (Audience.CLINICIAN, "en"))
)


def _cold_build(catalog: Catalog, choice: Choice) -> float:
    """Seconds to build one page's document with nothing rendered yet."""
    section_rendering.cache_clear()
    answer = catalog.answers[SLUG]
    started = time.perf_counter()
    build_answer(answer, choice, catalog=catalog, rules=RULES, href_for=lambda slug: f"/{slug}")
    return time.perf_counter() - started


def main() -> None:
    """Print, per reader, the cold build with the glossary and without, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    with_glossary = gate(ROOT / "variants", previous=None).catalog
    if with_glossary is None or with_glossary.glossary is None:
        raise SystemExit("the bundled content has no glossary to measure")
    without = Catalog.of(dict(with_glossary.answers))
    pages = Pages({})  # the msgids: what is timed is the build, not a catalog lookup
    print(f"{'reader':<16} {'with (ms)':>10} {'without (ms)':>13} {'ratio':>6}")
    for choice in READERS:
        timed: dict[bool, list[float]] = {True: [], False: []}
        with pages.in_locale(choice.locale):
            for _ in range(rounds):
                for glossary in (True, False):
                    timed[glossary].append(_cold_build(with_glossary if glossary else without, choice))
        marked, plain = statistics.median(timed[True]), statistics.median(timed[False])
        reader = f"{choice.audience}/{choice.locale}"
        print(f"{reader:<16} {marked * 1000:>10.2f} {plain * 1000:>13.2f} {marked / plain:>6.2f}")


if __name__ == "__main__":
    main()
