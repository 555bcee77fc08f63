"""/metrics: requests by route, status, audience and locale; cache, catalog and reloads."""

import re

from tests.conftest import SLUG, Client


def metric(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no {name} with {labels}")


def test_requests_are_counted_by_route_status_audience_and_locale(client: Client) -> None:
    client.get(f"/es/family/answers/{SLUG}")  # routed: builds the rendition
    client.get(f"/es/family/answers/{SLUG}")  # warm: fast path
    client.get(f"/es/doctor/answers/{SLUG}")  # routed, 400, unknown audience
    text = client.get("/metrics").text

    routed = metric(
        text,
        "tailor_requests_total",
        path="/{locale}/{audience}/answers/{slug}",
        status_code="200",
        audience="family",
        locale="es",
    )
    warm = metric(
        text, "tailor_fast_path_responses_total", kind="answer-html", status="200", audience="family", locale="es"
    )
    refused = metric(text, "tailor_requests_total", status_code="400", audience="other", locale="es")

    assert routed >= 1
    assert warm >= 1
    assert refused >= 1
    assert 'audience="doctor"' not in text


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
