"""Manifest deltas on the store (both engines): changed entries with their new ETags, tombstones, 410s."""

from typing import Any

from tests.helpers import SLUG
from tests.helpers.store import Store

MANIFEST = "/api/v1/manifest?audience=family&locale=en"


def manifest(store: Store, since: str | None = None) -> dict[str, Any]:
    response = store.client.get(MANIFEST + (f"&since={since}" if since else ""))
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_deltas_list_what_changed_since_a_token_then_a_tombstone_for_a_withdrawn_answer(store: Store) -> None:
    first = manifest(store)
    assert first["full"] is True
    assert first["token"] is not None
    assert manifest(store, first["token"])["answers"] == []  # nothing changed yet

    store.approve_metadata()
    store.approve("en", "family", 1, "Reviewed.")
    store.approve("en", "family", 1, slug="glossary")  # the page's definitions: its review counts them
    # The process that wrote serves the change before it answers, and its catalog's token says so at once.
    changed = manifest(store, first["token"])
    rendition = store.client.get(
        f"/api/v1/answers/{SLUG}?audience=family&locale=en", headers={"Accept-Encoding": "identity"}
    )

    assert changed["full"] is False
    [entry] = changed["answers"]
    assert entry["slug"] == SLUG
    assert entry["review"] == rendition.json()["review"]
    assert entry["review"]["status"] == "approved"
    assert entry["etag"] == rendition.headers["etag"] != first["answers"][0]["etag"]
    assert changed["token"] != first["token"]
    # A delta is made for one token at one moment: no cache in front may hand it to the next sync.
    assert store.client.get(f"{MANIFEST}&since={first['token']}").headers["cache-control"] == "private, no-store"
    whole = store.client.get(MANIFEST, headers={"Accept-Encoding": "identity"})
    assert changed["manifest_etag"] == whole.headers["etag"] == whole.json()["manifest_etag"]

    withdrawn = store.client.post(
        f"/api/v1/editorial/answers/{SLUG}/publication", json={"decision": "withdraw"}, headers=store.auth("cy")
    )
    assert withdrawn.status_code == 200
    assert manifest(store, changed["token"])["answers"] == [{"slug": SLUG, "deleted": True}]
    assert manifest(store)["answers"] == []


def test_a_token_of_another_store_or_a_malformed_one_is_gone(store: Store) -> None:
    own_store = manifest(store)["token"].split(".")[0]
    # "²" is a digit to `str.isdigit`, but no number: a 410 like any other malformed token, never a 500.
    for token in ("0badc0de.3", "garbage", "x" * 60, f"{own_store}.²", f"{own_store}.٣", f"{own_store}.-1"):
        response = store.client.get(f"{MANIFEST}&since={token}")
        assert response.status_code == 410
        assert response.json()["type"] == "/problems/token-gone"
        assert "without “since”" in response.json()["detail"]
