"""Reader forms posted from another site's page are refused; our own pages' forms, and old browsers', go through."""

import pytest

from tests.helpers import SLUG, Client

PREFERENCE = {"audience": "clinician", "locale": "ar", "next": f"/en/family/answers/{SLUG}"}
HOSTILE = [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Origin": "https://evil.example"},
    {"Origin": "null"},  # a sandboxed frame or a data: page
    {"Origin": "http://testserver.local.evil.example"},
]
OURS = [
    {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver.local"},
    {"Origin": "http://testserver.local:8080"},  # behind a proxy on another port
    {},  # a browser from before Origin and Sec-Fetch-Site: nothing tells it apart
]


@pytest.mark.parametrize("headers", HOSTILE)
def test_a_hostile_page_cannot_switch_a_readers_version(client: Client, headers: dict[str, str]) -> None:
    response = client.post("/preferences", data=PREFERENCE, headers=headers, follow_redirects=False)

    assert response.status_code == 403
    assert "set-cookie" not in response.headers
    assert "another site" in response.text


@pytest.mark.parametrize("headers", OURS)
def test_our_own_pages_switch_it(client: Client, headers: dict[str, str]) -> None:
    response = client.post("/preferences", data=PREFERENCE, headers=headers, follow_redirects=False)

    assert response.status_code == 303
    assert "tailor-preference=" in response.headers["set-cookie"]
