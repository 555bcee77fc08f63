"""Lighthouse (mobile) on pages of a running Tailor: each category's score, and every audit that lost points.

    npm install --prefix tests/browser                      # once: the pinned Lighthouse, beside axe-core
    python bench/lighthouse.py http://127.0.0.1:8000 [--lighthouse PATH]

Serve with TAILOR_PUBLIC_URL set to the origin the pages are read at: search engines (and Lighthouse's SEO
audits) want absolute canonical and hreflang links. `tests/browser/test_lighthouse.py` holds the family page
to 0.95 in every category with the same run (`tests.helpers.lighthouse`).
"""

from __future__ import annotations

import argparse
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers.lighthouse import LIGHTHOUSE, audit

PAGES = (
    "/es/family/answers/palliative-neuroblastoma",
    "/ar/nurse/answers/palliative-neuroblastoma",
    "/en/clinician/answers",
)
"""Pages search engines should index (the chooser is kept out of their way by robots.txt)."""


def main() -> None:
    """Run Lighthouse on each page and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url")
    parser.add_argument("--lighthouse", type=Path, default=LIGHTHOUSE)
    arguments = parser.parse_args()
    for path in PAGES:
        # Built once first, as readers get it (a first trace over a page still being built can fail: NO_NAVSTART).
        with urllib.request.urlopen(arguments.base_url + path, timeout=30):
            pass
        result = audit(arguments.base_url + path, arguments.lighthouse)
        print(f"{path}: " + ", ".join(f"{name} {score:.2f}" for name, score in result.scores.items()))
        for lost in result.lost:
            print(f"    {lost}")


if __name__ == "__main__":
    main()
