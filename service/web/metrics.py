"""Prometheus metrics, served at /metrics by Litestar's Prometheus controller.

- `tailor_responses_total{route,status,audience,locale}`: every response, counted once by the fast
  path whichever layer answered it: `route` is the route's name (a rendition kind such as
  `answer-html` for canonical URLs, warm or routed alike), `refused` for requests refused before
  routing, `not-ready` for 503s while content loads, `unrouted` when no route matched.
- Rendition cache hits, misses, builds, evictions and size; the catalog revision being served;
  answers held back by the gate; content reloads, and reloads that held something back.

Audience and locale labels only ever take known values (anything else is `other`), so hostile
requests cannot grow the number of series. Counting is a dictionary update on the hot path; the
collector reads the counts at scrape time.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler
from litestar.plugins.prometheus import PrometheusController
from prometheus_client import REGISTRY
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from service.content.live import LiveCatalog
from service.content.model import Audience
from service.content.reloader import ContentReloader
from service.errors import NotFound
from service.rendition.cache import ResponseCache
from service.web.security import Addresses

__all__ = ["MetricsController", "ResponseCounts", "bounded", "observe", "only_from"]

_AUDIENCES = frozenset(audience.value for audience in Audience)


def bounded(value: object, known: Iterable[str]) -> str:
    """A label value: `value` itself when known, `""` when absent, else `other`."""
    if value is None or value == "":
        return ""
    return value if isinstance(value, str) and value in known else "other"


@dataclass
class ResponseCounts:
    """Responses by (route, status, audience, locale), with audience and locale bounded to known values."""

    locales: frozenset[str]
    counts: dict[tuple[str, int, str, str], int] = field(default_factory=dict)

    def add(self, route: str, status: int, audience: str, locale: str) -> None:
        """Count one response."""
        self.add_known((route, status, bounded(audience, _AUDIENCES), bounded(locale, self.locales)))

    def add_known(self, labels: tuple[str, int, str, str]) -> None:
        """Count one response whose audience and locale are known to be served ones (a cached rendition's)."""
        self.counts[labels] = self.counts.get(labels, 0) + 1


@dataclass(eq=False)
class _Observed:
    """What the collector reads for one app."""

    cache: ResponseCache
    live: LiveCatalog
    reloader: ContentReloader
    responses: ResponseCounts


class _TailorCollector(Collector):
    """Reads the live counters of every app in this process (one, outside tests) at scrape time."""

    def __init__(self) -> None:
        self.apps: weakref.WeakSet[_Observed] = weakref.WeakSet()

    def collect(self) -> Iterator[Metric]:
        observed = list(self.apps)
        caches = [app.cache for app in observed]
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
        yield CounterMetricFamily(
            "tailor_content_reloads",
            "Catalogs loaded and swapped in.",
            value=sum(app.reloader.reloads for app in observed),
        )
        yield CounterMetricFamily(
            "tailor_content_reload_failures",
            "Content loads refused for errors.",
            value=sum(app.reloader.failures for app in observed),
        )
        catalog = GaugeMetricFamily("tailor_catalog_info", "The catalog revision being served.", labels=["revision"])
        answers = GaugeMetricFamily("tailor_catalog_answers", "Answers in the catalog being served.")
        held_back = GaugeMetricFamily(
            "tailor_answers_held_back", "Answers the gate held back from the catalog being served, for errors."
        )
        changed = GaugeMetricFamily(
            "tailor_catalog_changed_timestamp_seconds",
            "When the catalog revision being served last changed (Unix time): replicas that agree on the "
            "revision and on this applied the same change.",
        )
        age = GaugeMetricFamily(
            "tailor_catalog_age_seconds", "Seconds since the catalog revision being served last changed."
        )
        for app in observed:
            current = app.live.current()
            if current is not None:
                catalog.add_metric([current.revision], 1)
                answers.add_metric([], len(current))
                held_back.add_metric([], len(current.held_back))
        # One value per process: the newest change of any app in it (there is one app, outside tests).
        changes = [app.live.changed_at for app in observed if app.live.changed_at is not None]
        if changes:
            changed.add_metric([], max(changes))
            age.add_metric([], max(time.time() - max(changes), 0.0))
        responses = CounterMetricFamily(
            "tailor_responses",
            "Responses by route, status, audience and locale.",
            labels=["route", "status", "audience", "locale"],
        )
        totals: dict[tuple[str, int, str, str], int] = {}
        for app in observed:
            for labels, count in list(app.responses.counts.items()):
                totals[labels] = totals.get(labels, 0) + count
        for (route, status, audience, locale), count in sorted(totals.items()):
            responses.add_metric([route, str(status), audience, locale], count)
        yield from (catalog, answers, held_back, changed, age, responses)


_collector = _TailorCollector()
REGISTRY.register(_collector)


def observe(cache: ResponseCache, live: LiveCatalog, reloader: ContentReloader, responses: ResponseCounts) -> object:
    """Report one app's cache, catalog, reloads and responses; keep the result alive as long as the app."""
    observed = _Observed(cache, live, reloader, responses)
    _collector.apps.add(observed)
    return observed


class MetricsController(PrometheusController):
    """`GET /metrics` in Prometheus' text format."""

    include_in_schema = False


def only_from(allowed: Addresses) -> Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]:
    """A guard that lets only `allowed` addresses in (`TAILOR_METRICS_ALLOW`); to anyone else there is nothing here.

    Metrics tell how the service is used (editorial 401s among them): for the operator's scraper, not for
    readers, whom the shipped nginx and Varnish configurations never route here anyway.
    """

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if connection.client is None or connection.client.host not in allowed:
            raise NotFound()

    return guard
