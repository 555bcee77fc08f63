"""Measure the plain-language lint on 2,000 words, against what the gate spends measuring the same text.

    python bench/lint.py [--runs 20]

The text is the bundled English family text, its sections repeated under new ids until it holds about
2,000 words. Both are timed warm (wordfreq's tables and the syllable caches loaded, as in a server that
has linted once) and in-process; the reference is `plain_text` + `measure` on each section, the
reading-level part of the gate, in the same run. The target is the median lint under 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.content.model import Audience  # noqa: E402 - after the project root is importable
from service.content.plain_text import plain_text, word_count  # noqa: E402
from service.content.readability import measure  # noqa: E402
from service.content.variant_file import split_sections  # noqa: E402
from service.editorial.lint import lint  # noqa: E402

FAMILY = ROOT / "variants" / "palliative-neuroblastoma" / "en" / "family.md"
WORDS = 2000


def two_thousand_words() -> str:
    """The family text's sections, repeated under new ids until the text has about `WORDS` words."""
    original = FAMILY.read_text(encoding="utf-8")
    copies: list[str] = []
    round_number = 0
    while _words("\n".join(copies)) < WORDS:
        copies.append(original.replace("{#", f"{{#r{round_number}-"))
        round_number += 1
    return "\n".join(copies)


def _words(text: str) -> int:
    sections, _ = split_sections(text, "bench")
    return sum(word_count(plain_text(section.body)) for section in sections)


def timed(function: Callable[[], object], runs: int) -> float:
    """Median seconds of `runs` calls, after one to warm up."""
    function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    text = two_thousand_words()
    sections, _ = split_sections(text, "bench")
    words = _words(text)

    linted = timed(lambda: lint(text, "en", Audience.FAMILY), arguments.runs)
    measured = timed(lambda: [measure(plain_text(section.body), "en") for section in sections], arguments.runs)
    print(f"{words} words in {len(sections)} sections, median of {arguments.runs} runs")
    print(f"lint:                      {linted * 1000:7.1f} ms  (target ≤ 200 ms)")
    print(f"reference (levels only):   {measured * 1000:7.1f} ms")
    print(f"lint / reference:          {linted / measured:7.2f}×")


if __name__ == "__main__":
    main()
