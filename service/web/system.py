"""Operational endpoints: liveness and readiness."""

from __future__ import annotations

from litestar import Response, get
from litestar.openapi.datastructures import ResponseSpec

from service.structs import Record
from service.web.dependencies import SiteDependency

__all__ = ["Health", "health", "ready"]


class Health(Record):
    """The process is up; `catalog_revision` is null until content has loaded."""

    status: str
    catalog_revision: str | None
    answers: int
    """Answers being served."""
    held_back: int
    """Answers the gate held back from the catalog being served (with errors that `tailor check` lists);
    some may be served in an earlier version. The log names each one with its findings."""


@get(
    "/health",
    name="health",
    operation_id="health",
    summary="Liveness: 200 while the process runs",
    tags=["system"],
    sync_to_thread=False,
)
def health(site: SiteDependency) -> Response[Health]:
    """Answers as long as the process can answer at all."""
    catalog = site.live.current()
    return Response(
        Health(
            status="ok",
            catalog_revision=catalog.revision if catalog else None,
            answers=len(catalog or ()),
            held_back=len(catalog.held_back) if catalog else 0,
        ),
        headers={"Cache-Control": "no-store"},
    )


@get(
    "/ready",
    name="ready",
    operation_id="ready",
    summary="Readiness: 200 once a catalog is loaded, 503 before",
    tags=["system"],
    responses={503: ResponseSpec(data_container=Health, description="No catalog has loaded yet.")},
    sync_to_thread=False,
)
def ready(site: SiteDependency) -> Response[Health]:
    """Send traffic here only when this answers 200."""
    catalog = site.live.current()
    if catalog is None:
        return Response(
            Health(status="loading", catalog_revision=None, answers=0, held_back=0),
            status_code=503,
            headers={"Cache-Control": "no-store"},
        )
    return Response(
        Health(
            status="ready", catalog_revision=catalog.revision, answers=len(catalog), held_back=len(catalog.held_back)
        ),
        headers={"Cache-Control": "no-store"},
    )
