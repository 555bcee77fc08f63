"""/metrics: every response by route, status, audience and locale; cache, catalog and reloads."""

import re

from tests.helpers import PROJECT, SLUG, Client, serving, settings_for


def metric(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no {name} with {labels}")


COUNTED = {
    "answers": {"route": "answer-html", "status": "200", "audience": "family", "locale": "es"},
    "refused": {"route": "answer-html", "status": "400", "audience": "other", "locale": "es"},
    "listed": {"route": "list-json", "status": "200", "audience": "nurse", "locale": "de"},
    "unrouted": {"route": "unrouted", "status": "404"},
    "too_large": {"route": "refused", "status": "431"},
}


def counts(client: Client) -> dict[str, float]:
    """The counters above; other apps alive in this process add to the same series, so tests compare deltas."""
    text = client.get("/metrics").text
    found = {}
    for name, labels in COUNTED.items():
        try:
            found[name] = metric(text, "tailor_responses_total", **labels)
        except AssertionError:
            found[name] = 0.0
    return found


def test_every_response_is_counted_once_in_one_family(client: Client) -> None:
    before = counts(client)
    client.get(f"/es/family/answers/{SLUG}")  # routed: builds the rendition
    client.get(f"/es/family/answers/{SLUG}")  # warm: fast path
    client.head(f"/es/family/answers/{SLUG}")  # warm, HEAD
    client.get(f"/es/doctor/answers/{SLUG}")  # routed, 400, unknown audience
    client.get("/api/v1/answers?audience=nurse&locale=de")  # routed JSON, labels from the query
    client.get("/nowhere/at/all")  # no route
    client.get("/health", headers={"X-Filler": "x" * 20_000})  # refused before routing
    after = counts(client)
    text = client.get("/metrics").text

    assert {name: after[name] - before[name] for name in COUNTED} == {
        "answers": 3,  # routed and warm alike, HEAD included
        "refused": 1,
        "listed": 1,
        "unrouted": 1,
        "too_large": 1,
    }
    assert 'audience="doctor"' not in text
    assert "tailor_fast_path_responses" not in text
    assert "tailor_requests_total" not in text


def test_cache_catalog_and_reload_metrics(client: Client) -> None:
    client.get(f"/en/nurse/answers/{SLUG}")
    client.get(f"/en/nurse/answers/{SLUG}")
    text = client.get("/metrics").text
    revision = client.get("/ready").json()["catalog_revision"]

    assert metric(text, "tailor_rendition_cache_hits_total") >= 1
    assert metric(text, "tailor_rendition_cache_misses_total") >= 1
    assert metric(text, "tailor_rendition_cache_builds_total") >= 1
    assert metric(text, "tailor_catalog_info", revision=revision) == 1
    assert metric(text, "tailor_content_reload_failures_total") >= 0
    assert re.search(r"^tailor_content_reloads_total \d", text, re.MULTILINE)


def test_metrics_are_only_for_the_addresses_allowed() -> None:
    """Loopback by default (`TAILOR_METRICS_ALLOW`): to anyone else there is nothing at /metrics."""
    with serving(settings_for(PROJECT / "variants", metrics_allow=("127.0.0.1", "::1"))) as client:
        refused = client.get("/metrics")
    with serving(settings_for(PROJECT / "variants", metrics_allow=("10.0.0.0/8", "testclient"))) as client:
        allowed = client.get("/metrics")

    assert refused.status_code == 404
    assert "# HELP" not in refused.text
    assert allowed.status_code == 200
    assert "# HELP tailor_responses" in allowed.text
