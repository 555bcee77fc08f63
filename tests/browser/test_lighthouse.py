"""Lighthouse on the page a parent opens on a phone: performance, accessibility, best practices and SEO ≥ 0.95.

Lighthouse (from npm, pinned in package.json) drives Debian's Chromium with the suite's flags, on a server of
its own that knows its public URL: a deployment names it (`TAILOR_PUBLIC_URL`), and only then are the
canonical and language-alternate links absolute, as search engines want them (relative, they let one cached
rendition serve every host name).
"""

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import PROJECT, SLUG
from tests.helpers.browser import CHROMIUM, FLAGS
from tests.helpers.processes import free_port, revision, start_server, stop_server, wait_until

LIGHTHOUSE = Path(__file__).parent / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LEAST = 0.95


@pytest.fixture(scope="module")
def public_url() -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_server(PROJECT / "variants", port, environment={"TAILOR_PUBLIC_URL": url})
    try:
        wait_until(lambda: revision(port) is not None)
        yield url
    finally:
        stop_server(process)


def _audit(url: str, report: Path) -> dict[str, object]:
    assert LIGHTHOUSE.exists(), "Lighthouse is missing: `npm install --prefix tests/browser` (bash .ci/run does it)"
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--form-factor=mobile",  # a phone, with Lighthouse's simulated slow network and processor
            f"--chrome-flags={' '.join(['--headless=new', *FLAGS])}",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=True,
        timeout=240,
        capture_output=True,
    )
    return json.loads(report.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_the_family_page_scores_at_least_095_in_every_category(public_url: str, tmp_path: Path) -> None:
    result = _audit(f"{public_url}/es/family/answers/{SLUG}", tmp_path / "report.json")
    categories: dict[str, dict[str, object]] = result["categories"]  # type: ignore[assignment]
    audits: dict[str, dict[str, object]] = result["audits"]  # type: ignore[assignment]

    scores = {name: categories[name]["score"] for name in CATEGORIES}
    # What cost points, so that a failure says what to fix.
    lost = sorted(
        f"{name}: {audit_id} {audits[audit_id]['score']}"
        for name in CATEGORIES
        for reference in categories[name]["auditRefs"]  # type: ignore[attr-defined]
        if reference["weight"] and (audit_id := reference["id"]) and audits[audit_id]["score"] not in (None, 1)
    )
    assert all(isinstance(score, float | int) and score >= LEAST for score in scores.values()), (scores, lost)
