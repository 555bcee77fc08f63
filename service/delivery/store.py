"""The catalog currently being served: one reference, replaced whole, never edited."""

from __future__ import annotations

from service.content.catalog import Catalog


class CatalogStore:
    """Holds the current catalog. Reading `catalog` once per request gives that request one revision."""

    def __init__(self, catalog: Catalog) -> None:
        """Start serving `catalog`."""
        self._catalog = catalog

    @property
    def catalog(self) -> Catalog:
        """The catalog being served now."""
        return self._catalog

    def swap(self, catalog: Catalog) -> None:
        """Serve `catalog` from now on. A single reference assignment, so readers see old or new, never a mix."""
        self._catalog = catalog
