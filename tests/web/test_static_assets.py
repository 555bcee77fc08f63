"""Static assets: fingerprinted URLs cached for a year, strong ETags, 304s and gzip; plain names briefly."""

import re

from tests.helpers import SLUG, Client


def stylesheet(client: Client) -> str:
    found = re.search(r'<link rel="stylesheet" href="([^"]+)">', client.get(f"/es/family/answers/{SLUG}").text)
    assert found is not None
    return found.group(1)


def test_pages_link_the_stylesheet_by_its_content(client: Client) -> None:
    href = stylesheet(client)

    assert re.fullmatch(r"/static/tailor\.[0-9a-f]{12}\.css", href)
    assert stylesheet(client) == href
    assert f'href="{href}"' in client.get("/editorial/login").text  # the editorial pages too


def test_a_fingerprinted_asset_is_immutable_and_revalidates_with_a_304(client: Client) -> None:
    href = stylesheet(client)

    full = client.get(href, headers={"Accept-Encoding": "identity"})
    zipped = client.get(href, headers={"Accept-Encoding": "gzip"})
    again = client.get(href, headers={"If-None-Match": full.headers["etag"]})

    assert full.status_code == 200
    assert full.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert full.headers["content-type"] == "text/css; charset=utf-8"
    assert re.fullmatch(r'"[0-9a-f]{24}"', full.headers["etag"])  # strong
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < int(full.headers["content-length"])
    assert zipped.content == full.content  # (httpx decodes it)
    assert again.status_code == 304
    assert again.content == b""


def test_the_plain_name_still_answers_but_only_briefly_cacheable(client: Client) -> None:
    plain = client.get("/static/tailor.css")
    fingerprinted = client.get(stylesheet(client))

    assert plain.status_code == 200
    assert plain.headers["cache-control"] == "public, max-age=300"
    assert plain.content == fingerprinted.content


def test_anything_else_under_static_is_a_404(client: Client) -> None:
    assert client.get("/static/tailor.000000000000.css").status_code == 404
    assert client.get("/static/vendor/README.md").status_code == 404
    assert client.get("/static/../pyproject.toml").status_code == 404
