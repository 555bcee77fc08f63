"""Operational endpoints."""

from __future__ import annotations

import msgspec
from litestar import Response, get

from service.web.site import SiteDependency


class Health(msgspec.Struct, frozen=True, kw_only=True):
    """The process is up and serving this catalog."""

    status: str
    catalog_revision: str
    answers: int


@get(
    "/health",
    name="health",
    operation_id="health",
    summary="Liveness: 200 once the catalog is loaded",
    tags=["system"],
    sync_to_thread=False,
)
def health(site: SiteDependency) -> Response[Health]:
    """The catalog is loaded before the app accepts requests, so answering at all means ready."""
    catalog = site.catalog
    return Response(
        Health(status="ok", catalog_revision=catalog.revision, answers=len(catalog)),
        headers={"Cache-Control": "no-store"},
    )
