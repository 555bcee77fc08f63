"""The offline manifest and batches on a content directory: ETags without building, 304s, bounds."""

from tests.helpers import SLUG, Client

MANIFEST = "/api/v1/manifest?audience=family&locale=es"


def test_the_manifest_names_each_answer_with_the_etag_its_rendition_carries(client: Client) -> None:
    manifest = client.get(MANIFEST, headers={"Accept-Encoding": "identity"})
    answer = client.get(f"/api/v1/answers/{SLUG}?audience=family&locale=es", headers={"Accept-Encoding": "identity"})

    assert manifest.status_code == 200
    assert manifest.headers["cache-control"].startswith("public, max-age=")
    document = manifest.json()
    assert (document["full"], document["token"]) == (True, None)  # a directory keeps no history
    [entry] = document["answers"]
    assert entry["slug"] == SLUG
    assert entry["etag"] == answer.headers["etag"]
    assert entry["href"] == f"/api/v1/answers/{SLUG}?audience=family&locale=es"
    assert entry["review"] == answer.json()["review"]  # one shape: the rendition's review object
    assert entry["review"]["status"] == "submitted"
    assert document["manifest_etag"] == manifest.headers["etag"]  # the app need not read the header
    assert client.get(MANIFEST, headers={"If-None-Match": manifest.headers["etag"]}).status_code == 304


def test_since_on_a_content_directory_answers_the_whole_manifest(client: Client) -> None:
    document = client.get(f"{MANIFEST}&since=anything.12").json()

    assert document["full"] is True
    assert [entry["slug"] for entry in document["answers"]] == [SLUG]


def test_a_batch_carries_each_rendition_with_its_etag_and_names_what_is_missing(client: Client) -> None:
    single = client.get(f"/api/v1/answers/{SLUG}?audience=nurse&locale=en", headers={"Accept-Encoding": "identity"})
    batch = client.get(f"/api/v1/batch?audience=nurse&locale=en&slugs={SLUG},not-an-answer,{SLUG}")

    assert batch.status_code == 200
    document = batch.json()
    assert [(entry["slug"], entry["etag"]) for entry in document["answers"]] == [(SLUG, single.headers["etag"])]
    assert document["answers"][0]["answer"] == single.json()
    assert document["missing"] == ["not-an-answer"]
    assert client.get(batch.request.url, headers={"If-None-Match": batch.headers["etag"]}).status_code == 304


def test_a_batch_is_bounded_and_slugs_are_checked(client: Client) -> None:
    too_many = client.get("/api/v1/batch?audience=nurse&locale=en&slugs=" + ",".join(f"a{n}" for n in range(101)))
    malformed = client.get("/api/v1/batch?audience=nurse&locale=en&slugs=../etc")
    missing = client.get("/api/v1/batch?audience=nurse&locale=en")

    assert (too_many.status_code, too_many.json()["type"]) == (400, "/problems/invalid-parameter")
    assert "at most 100" in too_many.json()["detail"]
    assert malformed.status_code == 400
    assert missing.status_code == 400
