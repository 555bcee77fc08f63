"""Lighthouse as the suite and `bench/lighthouse.py` run it: npm's pinned copy, Debian's Chromium, a phone."""

import os
import subprocess
import tempfile
from pathlib import Path

import msgspec

from tests.helpers.browser import CHROMIUM, FLAGS

__all__ = ["CATEGORIES", "LIGHTHOUSE", "Audit", "audit"]

LIGHTHOUSE = Path(__file__).parent.parent / "browser" / "node_modules" / ".bin" / "lighthouse"
"""Installed with axe-core by `npm install --prefix tests/browser` (bash .ci/run does it)."""
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class _Reference(msgspec.Struct):
    id: str
    weight: float = 0


class _Category(msgspec.Struct, rename={"references": "auditRefs"}):
    score: float | None
    references: list[_Reference]


class _Result(msgspec.Struct, rename={"shown": "displayValue"}):
    score: float | None = None
    shown: str = ""


class _Report(msgspec.Struct):
    categories: dict[str, _Category]
    audits: dict[str, _Result]


class Audit:
    """One page's scores by category, and every weighted audit that lost points (`category: id score value`)."""

    def __init__(self, report: bytes) -> None:
        read = msgspec.json.decode(report, type=_Report)
        self.scores = {name: read.categories[name].score or 0.0 for name in CATEGORIES}
        self.lost = [
            f"{name}: {reference.id} {result.score} {result.shown}"
            for name in CATEGORIES
            for reference in read.categories[name].references
            if reference.weight and (result := read.audits[reference.id]).score not in (None, 1)
        ]


def audit(url: str, lighthouse: Path = LIGHTHOUSE, *, attempts: int = 3) -> Audit:
    """Lighthouse's mobile audit of `url` (its simulated slow network and processor).

    A run that fails to finish (Chromium not answering Lighthouse in time on a loaded machine: the page is
    not at fault, and a low score is no failure to finish) is tried again; the last one's output is in the
    error if none finishes.
    """
    assert lighthouse.exists(), "Lighthouse is missing: `npm install --prefix tests/browser` (bash .ci/run does it)"
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        for _ in range(attempts):
            run = subprocess.run(
                [
                    str(lighthouse),
                    url,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--form-factor=mobile",
                    f"--chrome-flags={' '.join(['--headless=new', *FLAGS])}",
                ],
                env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
                check=False,  # a failed run is tried again, below
                timeout=240,
                capture_output=True,
                text=True,
            )
            if run.returncode == 0:
                return Audit(report.read_bytes())
            failures.append(f"exit {run.returncode}: {(run.stderr or run.stdout)[-1500:]}")
    raise AssertionError(f"Lighthouse did not finish on {url} in {attempts} runs:\n" + "\n".join(failures))
