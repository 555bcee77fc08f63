"""Lighthouse (mobile) on pages of a running Tailor: each category's score, and every audit that lost points.

    npm install --prefix ~/.cache/tailor-lighthouse lighthouse     # once (the registry's lighthouse, Debian's Chromium)
    python bench/lighthouse.py http://127.0.0.1:8000 [--lighthouse PATH]

Serve with TAILOR_PUBLIC_URL set to the origin the pages are read at: search engines (and Lighthouse's SEO
audits) want absolute canonical and hreflang links.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path

PAGES = (
    "/es/family/answers/palliative-neuroblastoma",
    "/ar/nurse/answers/palliative-neuroblastoma",
    "/en/clinician/answers",
)
"""Pages search engines should index (the chooser is kept out of their way by robots.txt)."""
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"


def main() -> None:
    """Run Lighthouse on each page and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url")
    parser.add_argument(
        "--lighthouse", type=Path, default=Path.home() / ".cache/tailor-lighthouse/node_modules/.bin/lighthouse"
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        for path in PAGES:
            subprocess.run(
                [
                    arguments.lighthouse,
                    arguments.base_url + path,
                    "--quiet",
                    f"--chrome-flags={FLAGS}",
                    "--form-factor=mobile",
                    "--output=json",
                    f"--output-path={report}",
                ],
                check=True,
                env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            )
            result = json.loads(report.read_text(encoding="utf-8"))
            scores = {name: category["score"] for name, category in result["categories"].items()}
            print(f"{path}: " + ", ".join(f"{name} {score:.2f}" for name, score in scores.items()))
            for category in result["categories"].values():
                for reference in category["auditRefs"]:
                    audit = result["audits"][reference["id"]]
                    if reference.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                        print(
                            f"    {category['id']}: {reference['id']} {audit['score']} {audit.get('displayValue', '')}"
                        )


if __name__ == "__main__":
    main()
