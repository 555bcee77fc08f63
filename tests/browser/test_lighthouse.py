"""Lighthouse on the page a parent opens on a phone: performance, accessibility, best practices and SEO ≥ 0.95.

On a server of its own that knows its public URL: a deployment names it (`TAILOR_PUBLIC_URL`), and only then
are the canonical and language-alternate links absolute, as search engines want them (relative, they let one
cached rendition serve every host name).
"""

from collections.abc import Iterator

import pytest

from tests.helpers import PROJECT, SLUG
from tests.helpers.lighthouse import audit
from tests.helpers.processes import free_port, get, revision, start_server, stop_server, wait_until

LEAST = 0.95
PAGE = f"/es/family/answers/{SLUG}"


@pytest.fixture(scope="module")
def public_url() -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_server(PROJECT / "variants", port, environment={"TAILOR_PUBLIC_URL": url})
    try:
        wait_until(lambda: revision(port) is not None)
        # Built once before the audit, as readers get it from the rendition cache: Lighthouse's first trace
        # over a page still being built for the first time came back without a navigation start (NO_NAVSTART).
        assert get(port, PAGE)[0] == 200
        yield url
    finally:
        stop_server(process)


def test_the_family_page_scores_at_least_095_in_every_category(public_url: str) -> None:
    result = audit(public_url + PAGE)

    assert all(score >= LEAST for score in result.scores.values()), (result.scores, result.lost)
