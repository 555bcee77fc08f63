"""Time the gate on the synthetic catalog: cold (no rule cache), warm (every answer cached), one answer changed.

    python bench/gate.py [--answers 10000]

Each measurement runs in a fresh process (imports included, as at start-up), beside the reference
measured in the same run: loading the same directory without the rules (what start-up cost before
the gate). Prints seconds and peak resident memory, and each figure as a ratio of the reference.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)

_PROBE = """
import resource, sys, time
from pathlib import Path
started = time.perf_counter()
if sys.argv[1] == "load":
    from service.content.files import Paths, answer_folders
    from service.content.loader import load_answer
    directory = Path(sys.argv[2])
    folders, _ = answer_folders(directory)
    slugs = frozenset(folder.name for folder in folders)
    loads = [load_answer(Paths(directory), folder, slugs) for folder in folders]
    assert all(load.ok for load in loads), [load.problems for load in loads if not load.ok][:3]
    answers, held = len(loads), 0
else:
    from service.content.gate import gate
    gated = gate(Path(sys.argv[2]), previous=None, cache_dir=Path(sys.argv[3]))
    assert gated.catalog is not None
    answers, held = len(gated.catalog), len(gated.held_back)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, answers, held)
"""


def measure(mode: str, content: Path, cache: Path) -> tuple[float, float, int, int]:
    """(seconds, peak MiB, answers served, answers held back) of one fresh process."""
    output = subprocess.run(
        [str(PYTHON), "-c", _PROBE, mode, str(content), str(cache)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    return float(output[0]), float(output[1]), int(output[2]), int(output[3])


def main() -> None:
    """Generate the catalog, measure, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=10_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        content, cache = Path(work) / "variants", Path(work) / "cache"
        subprocess.run(
            [str(PYTHON), str(ROOT / "bench" / "synthetic.py"), str(content), "--answers", str(arguments.answers)],
            check=True,
        )
        reference = measure("load", content, cache)
        rows = [("structure only (reference, no rules)", reference)]
        rows.append(("gate, cold rule cache", measure("gate", content, cache)))
        rows.append(("gate, warm rule cache", measure("gate", content, cache)))
        changed = content / "synthetic-00000" / "en" / "family.md"
        changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        rows.append(("gate, warm, one answer changed", measure("gate", content, cache)))
    print(f"{arguments.answers} answers × 3 audiences × 2 locales, one process each")
    print(f"{'':<38} {'seconds':>8} {'× ref':>6} {'peak MiB':>9} {'× ref':>6} {'served':>7} {'held':>5}")
    for name, (seconds, peak, answers, held) in rows:
        print(
            f"{name:<38} {seconds:>8.1f} {seconds / reference[0]:>6.2f} {peak:>9.0f} {peak / reference[1]:>6.2f} "
            f"{answers:>7} {held:>5}"
        )


if __name__ == "__main__":
    main()
