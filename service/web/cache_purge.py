"""Telling the caches in front what a publish changed, so readers see it at once rather than at expiry.

After each catalog swap, every cache in `TAILOR_CACHE_PURGE_URLS` gets one `BAN` request whose
`Tailor-Ban` header is a regular expression over paths (deploy/varnish.vcl bans the objects fetched
as a matching path): the pages and JSON of every answer whose renditions changed, and the lists,
manifests and sitemaps when anything did. Sent in the background; a cache that cannot be reached is
logged and otherwise ignored (its entries expire by their max-age, as nginx's do).

Every replica bans when it swaps, so the last ban is sent after the last replica serves the new
catalog: whatever a cache fetched from a replica that had not swapped yet is cleared by it.
"""

from __future__ import annotations

import asyncio
import logging
import re

import httpx

from service.content.catalog import Catalog
from service.content.model import Answer

__all__ = ["MAX_NAMED", "CachePurger", "changed_paths"]

logger = logging.getLogger(__name__)

MAX_NAMED = 200
"""More changed answers than this are banned as everything but static assets: one short expression."""
_CATALOG_WIDE = r"^/([^/]+/[^/]+/answers|api/v1/answers|api/v1/manifest|api/v1/batch)(\?|$)|^/(sitemap\.xml|sitemaps/)"
"""The renditions that list every answer: the lists, manifests, batches and sitemaps."""
_MANIFESTS = r"^/api/v1/manifest(\?|$)"
"""The manifests alone: they name how far the catalog followed the store, even when no answer changed."""
_EVERYTHING = r"^/(?!static/)"
_GLOSSARY = r"^/api/v1/glossary/"
"""The glossary's definitions, one term at a time."""


def changed_paths(previous: Catalog, current: Catalog) -> str | None:
    """A regular expression matching the path (and query) of every rendition that changed; None if none did."""
    if previous.revision == current.revision:
        return _MANIFESTS if previous.position != current.position else None
    old, new = previous.rendition_revisions, current.rendition_revisions
    changed = sorted(slug for slug in old.keys() | new.keys() if old.get(slug) != new.get(slug))
    if len(changed) > MAX_NAMED:
        return _EVERYTHING
    # A glossary change changes every answer's revision (their pages show its definitions) and its own API.
    glossary = f"|{_GLOSSARY}" if _revision(previous.glossary) != _revision(current.glossary) else ""
    if not changed:
        return _CATALOG_WIDE + glossary
    answers = "|".join(re.escape(slug) for slug in changed)
    return f"{_CATALOG_WIDE}{glossary}|^/([^/]+/[^/]+|api/v1)/answers/({answers})(\\?|$)"


def _revision(glossary: Answer | None) -> str | None:
    return glossary.revision if glossary is not None else None


class CachePurger:
    """Sends each publish's `BAN` to the configured caches."""

    def __init__(self, caches: tuple[str, ...], *, timeout: float = 5.0) -> None:
        """`caches`: origins such as `http://varnish:6081`; none makes every call a no-op."""
        self.caches = caches
        self.timeout = timeout
        self._sending: set[asyncio.Task[None]] = set()
        self.sent = 0
        """Bans the caches accepted, for tests and metrics."""

    def published(self, previous: Catalog | None, current: Catalog) -> None:
        """After a swap on the event loop: ban what changed between the two catalogs, in the background."""
        if not self.caches or previous is None:
            return
        pattern = changed_paths(previous, current)
        if pattern is None:
            return
        task = asyncio.get_running_loop().create_task(self._ban(pattern))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _ban(self, pattern: str) -> None:
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            for cache in self.caches:
                try:
                    response = await client.request("BAN", f"{cache}/", headers={"Tailor-Ban": pattern})
                except httpx.HTTPError as error:
                    logger.warning("cache %s not told about a publish (%s): its pages expire by max-age", cache, error)
                    continue
                if response.status_code == httpx.codes.OK:
                    self.sent += 1
                else:
                    logger.warning(
                        "cache %s refused a ban (HTTP %d: %s): its pages expire by max-age",
                        cache,
                        response.status_code,
                        response.text[:200],
                    )

    async def close(self) -> None:
        """Wait for the bans under way (at shutdown)."""
        if self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)
