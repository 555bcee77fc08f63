"""What building a rendition costs against serving a built one, per request, in one process and one run.

    .venv/bin/python bench/cold.py [--answers 2000] [--profile cold|warm]

A synthetic catalog (bench/synthetic.py) is loaded through the gate; then every answer's family
page in English is built once with an empty cache (cold: what the first reader of a page waits
for), and the same pages are asked of the outermost ASGI app again (warm: the fast path answers
from the cache). Both are timed around the same work a server does for them, without the network.
`--profile` prints a pyinstrument profile of one of the two.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from service.app import create_app
from service.choice import Choice
from service.content.gate import gate
from service.content.model import Audience
from service.rendition.markdown import section_rendering
from service.settings import Settings
from service.web.fast_path import FastPath

ROOT = Path(__file__).resolve().parent.parent
CHOICE = Choice(audience=Audience.FAMILY, locale="en")


@dataclass(frozen=True)
class PerRequest:
    """Microseconds per request, cold and warm, measured in the same process."""

    cold_us: float
    served_us: float
    warm_us: float

    @property
    def ratio(self) -> float:
        """How many warm requests one cold build costs (the issue's target: ≤ 5)."""
        return self.cold_us / self.warm_us


def load(content: Path, cache: Path, answers: int) -> FastPath:
    """The production app with the synthetic catalog swapped in, as the reloader would."""
    app = create_app(Settings(content_dir=content, check_cache=cache, rendition_cache_size=4 * answers))
    gated = gate(content, previous=None, cache_dir=cache)
    if gated.catalog is None or gated.held_back:
        raise RuntimeError(f"the synthetic catalog did not pass the gate: {gated.held_back[:3]}")
    app.renditions.site.live.swap(gated.catalog)
    return app


def _scope(path: str) -> dict[str, object]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"user-agent", b"bench")],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def _serve(app: FastPath, paths: list[str]) -> float:
    """Seconds to answer every path through the outermost app; each must be a 200 from the cache."""
    statuses: list[int] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(int(str(message["status"])))

    scopes = [_scope(path) for path in paths]
    started = time.perf_counter()
    for scope in scopes:
        await app(scope, receive, send)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    if set(statuses) != {200}:
        raise RuntimeError(f"warm requests were not all 200: {sorted(set(statuses))}")
    return elapsed


def build_all(app: FastPath) -> float:
    """Seconds to build every answer's family page in English with an empty cache."""
    renditions = app.renditions
    catalog = renditions.site.live.catalog
    answers = list(catalog.answers.values())
    renditions.cache.retain(lambda _key, _entry: False)
    section_rendering.cache_clear()  # the first reader of a page: its texts' Markdown not yet rendered either
    started = time.perf_counter()
    for answer in answers:
        renditions.answer_page(CHOICE, answer, catalog)
    return time.perf_counter() - started


def measure(app: FastPath, profile: str | None = None) -> PerRequest:
    """Cold then warm, over every answer; `profile` names the one to profile."""
    catalog = app.renditions.site.live.catalog
    paths = [f"/en/family/answers/{slug}" for slug in catalog.answers]

    def cold_served() -> float:
        app.renditions.cache.retain(lambda _key, _entry: False)
        section_rendering.cache_clear()
        return asyncio.run(_serve(app, paths))

    timed: dict[str, Callable[[], float]] = {
        "cold": lambda: build_all(app),
        "served": cold_served,
        "warm": lambda: asyncio.run(_serve(app, paths)),
    }
    seconds = {}
    for name, run in timed.items():
        if name == profile:
            from pyinstrument import Profiler  # noqa: PLC0415 - only when asked for

            with Profiler(interval=0.0002) as profiler:
                seconds[name] = run()
            profiler.print(show_all=False, short_mode=False)
        else:
            seconds[name] = run()
    return PerRequest(
        cold_us=seconds["cold"] / len(paths) * 1e6,
        served_us=seconds["served"] / len(paths) * 1e6,
        warm_us=seconds["warm"] / len(paths) * 1e6,
    )


def main() -> None:
    """Write the synthetic catalog, load it, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=2000, help="answers in the synthetic catalog (default 2000)")
    parser.add_argument(
        "--profile", choices=("cold", "served", "warm"), help="print a pyinstrument profile of one of them"
    )
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tailor-cold-"))
    try:
        content = work / "variants"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "synthetic.py"), str(content), "--answers", str(arguments.answers)],
            check=True,
        )
        app = load(content, work / "rule-cache", arguments.answers)
        measure(app)  # once to import, compile and fill every lazy cache; then measured
        result = measure(app, arguments.profile)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"{arguments.answers} answers, family page in English, in-process: cold build {result.cold_us:.0f} µs, "
        f"cold request through the app {result.served_us:.0f} µs, warm serve {result.warm_us:.0f} µs per request: cold = {result.ratio:.1f}× warm (target ≤ 5×)"
    )


if __name__ == "__main__":
    main()
