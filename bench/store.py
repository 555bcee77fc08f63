"""Time the store on the synthetic catalog: imports, and a replica's cold load, on SQLite and PostgreSQL.

Beside today's load of the same directory, in the same run.

    python bench/store.py [--answers 10000]

Each measurement is a fresh process (imports included, as at start-up) on the same machine in the
same run; it prints seconds and peak resident memory, and each as a ratio of the reference: the
gate on the content directory (file mode) with a warm rule cache. A replica's load is measured as the
first replica ever (no rule results anywhere: every text's rules run), as a new replica (a machine of
its own with an empty cache directory, the results the first one shared in the store) and as a
restart. PostgreSQL is a throwaway cluster of Debian's server programs, as in the tests.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
sys.path.insert(0, str(ROOT))

from tests.helpers.postgres import PostgresCluster  # noqa: E402 - after the project root is importable

_PROBE = """
import asyncio, resource, sys, time
from pathlib import Path
mode, target, content, cache = sys.argv[1:5]
started = time.perf_counter()
if mode == "file":
    from service.content.gate import gate
    gated = gate(Path(content), previous=None, cache_dir=Path(cache))
    answers, held = len(gated.catalog), len(gated.held_back)
elif mode == "import":
    from service.store.database import alchemy_config
    from service.store.transfer import import_directory
    async def run():
        config = alchemy_config(target)
        report = await import_directory(config, Path(content), gate=Gate(cache_dir=Path(cache)))
        await config.get_engine().dispose()
        return len(report.changed), len(report.held_back)
    answers, held = asyncio.run(run())
else:
    from service.store.database import alchemy_config
    from service.store.source import StoreSource
    async def run():
        config = alchemy_config(target)
        gated = await StoreSource(config=config, cache_dir=Path(cache)).gate(None)
        await config.get_engine().dispose()
        return len(gated.catalog), len(gated.held_back)
    answers, held = asyncio.run(run())
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, answers, held)
"""

Row = tuple[float, float, int, int]


def measure(mode: str, target: str, content: Path, cache: Path) -> Row:
    """(seconds, peak MiB, answers, answers held back) of one fresh process."""
    output = subprocess.run(
        [str(PYTHON), "-c", _PROBE, mode, target, str(content), str(cache)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    return float(output[0]), float(output[1]), int(output[2]), int(output[3])


def upgrade(url: str) -> None:
    subprocess.run([str(PYTHON.parent / "tailor"), "db", "upgrade", "--database", url], check=True, capture_output=True)


def main() -> None:
    """Generate the catalog, start PostgreSQL, measure, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=10_000)
    arguments = parser.parse_args()
    cluster = PostgresCluster()
    cluster.start()
    try:
        with tempfile.TemporaryDirectory() as work:
            content = Path(work) / "variants"
            subprocess.run(
                [str(PYTHON), str(ROOT / "bench" / "synthetic.py"), str(content), "--answers", str(arguments.answers)],
                check=True,
            )
            files_cache = Path(work) / "cache-files"
            measure("file", "", content, files_cache)  # warms the directory's rule cache
            reference = measure("file", "", content, files_cache)
            rows: list[tuple[str, Row]] = [("file mode, warm rule cache (reference)", reference)]
            engines = {"SQLite": f"sqlite+aiosqlite:///{work}/tailor.db", "PostgreSQL": cluster.new_database()}
            for engine, url in engines.items():
                upgrade(url)
                rows.append((f"import into {engine}", measure("import", url, content, files_cache)))
            for engine, url in engines.items():
                first, second = Path(work) / f"cache-{engine}-1", Path(work) / f"cache-{engine}-2"
                rows.append((f"{engine} load, first replica ever", measure("load", url, content, first)))
                rows.append((f"{engine} load, a new replica", measure("load", url, content, second)))
                rows.append((f"{engine} load, a restart", measure("load", url, content, second)))
    finally:
        cluster.stop()
        cluster.remove()
    print(f"{arguments.answers} answers × 3 audiences × 2 locales, one process each")
    print(f"{'':<40} {'seconds':>8} {'× ref':>6} {'peak MiB':>9} {'× ref':>6} {'answers':>8} {'held':>5}")
    for name, (seconds, peak, answers, held) in rows:
        print(
            f"{name:<40} {seconds:>8.1f} {seconds / reference[0]:>6.2f} {peak:>9.0f} {peak / reference[1]:>6.2f} "
            f"{answers:>8} {held:>5}"
        )


if __name__ == "__main__":
    main()
