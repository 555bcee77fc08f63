"""Prometheus metrics: Litestar's plugin for routed requests and the /metrics endpoint, plus Tailor's own.

- `tailor_requests_total{method,path,status_code,audience,locale}` (Litestar's middleware): requests
  that went through routing; `path` is the route template, so its values are bounded.
- `tailor_fast_path_responses_total{kind,status,audience,locale}`: warm renditions answered without
  routing. Together the two count every request to a known route.
- Rendition cache hits, misses, builds, evictions and size; the catalog revision being served;
  content reloads and refused reloads.

Audience and locale labels only ever take known values (anything else is `other`), so hostile
requests cannot grow the number of series.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from typing import Any

from litestar import Request
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from prometheus_client import REGISTRY
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from service.content.model import Audience
from service.delivery.reload import ContentReloader
from service.web.renditions import Renditions

_AUDIENCES = frozenset(audience.value for audience in Audience)


def bounded(value: object, known: Iterable[str]) -> str:
    """A label value: `value` itself when known, `""` when absent, else `other`."""
    if value is None or value == "":
        return ""
    return value if isinstance(value, str) and value in known else "other"


class _TailorCollector(Collector):
    """Reads the live counters of every app in this process (one, outside tests) at scrape time."""

    def __init__(self) -> None:
        self.apps: weakref.WeakSet[_Observed] = weakref.WeakSet()

    def collect(self) -> Iterator[Metric]:
        observed = list(self.apps)
        caches = [app.renditions.cache for app in observed]
        for name, documentation, value in (
            ("hits", "Rendition cache hits.", sum(cache.statistics.hits for cache in caches)),
            ("misses", "Rendition cache misses.", sum(cache.statistics.misses for cache in caches)),
            ("builds", "Renditions built.", sum(cache.statistics.builds for cache in caches)),
            (
                "evictions",
                "Renditions evicted to stay within the cache size.",
                sum(cache.statistics.evictions for cache in caches),
            ),
        ):
            yield CounterMetricFamily(f"tailor_rendition_cache_{name}", documentation, value=value)
        yield GaugeMetricFamily(
            "tailor_rendition_cache_entries", "Renditions in memory.", value=sum(len(cache) for cache in caches)
        )
        reloads = CounterMetricFamily(
            "tailor_content_reloads",
            "Catalogs loaded and swapped in.",
            value=sum(app.reloader.reloads for app in observed),
        )
        failures = CounterMetricFamily(
            "tailor_content_reload_failures",
            "Content loads refused for errors.",
            value=sum(app.reloader.failures for app in observed),
        )
        catalog = GaugeMetricFamily("tailor_catalog_info", "The catalog revision being served.", labels=["revision"])
        answers = GaugeMetricFamily("tailor_catalog_answers", "Answers in the catalog being served.")
        for app in observed:
            current = app.renditions.site.store.current()
            if current is not None:
                catalog.add_metric([current.revision], 1)
                answers.add_metric([], len(current))
        fast = CounterMetricFamily(
            "tailor_fast_path_responses",
            "Warm renditions answered without routing.",
            labels=["kind", "status", "audience", "locale"],
        )
        totals: dict[tuple[str, int, str, str], int] = {}
        for app in observed:
            for labels, count in app.fast_path_responses.items():
                totals[labels] = totals.get(labels, 0) + count
        for (kind, status, audience, locale), count in sorted(totals.items()):
            fast.add_metric([kind, str(status), audience, locale], count)
        yield from (reloads, failures, catalog, answers, fast)


class _Observed:
    """What the collector reads for one app."""

    def __init__(
        self,
        renditions: Renditions,
        reloader: ContentReloader,
        fast_path_responses: dict[tuple[str, int, str, str], int],
    ) -> None:
        self.renditions = renditions
        self.reloader = reloader
        self.fast_path_responses = fast_path_responses


_collector = _TailorCollector()
REGISTRY.register(_collector)


def observe(
    renditions: Renditions, reloader: ContentReloader, fast_path_responses: dict[tuple[str, int, str, str], int]
) -> _Observed:
    """Report this app's cache, catalog, reloads and warm responses; keep the result alive with the app."""
    observed = _Observed(renditions, reloader, fast_path_responses)
    _collector.apps.add(observed)
    return observed


def _path_value(request: Request[Any, Any, Any], name: str) -> object:
    return request.path_params.get(name) or request.query_params.get(name)


def prometheus_config(locales: Iterable[str]) -> PrometheusConfig:
    """Litestar's Prometheus middleware, with bounded audience and locale labels."""
    known_locales = frozenset(locales)
    return PrometheusConfig(
        app_name="tailor",
        prefix="tailor",
        group_path=True,
        exclude_unhandled_paths=True,
        exclude=["^/metrics$"],
        labels={
            "audience": lambda request: bounded(_path_value(request, "audience"), _AUDIENCES),
            "locale": lambda request: bounded(_path_value(request, "locale"), known_locales),
        },
    )


class MetricsController(PrometheusController):
    """`GET /metrics` in Prometheus' text format."""

    include_in_schema = False
