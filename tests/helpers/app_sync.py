"""A simulated app that keeps one reading choice of Tailor on the phone, through a generated client.

The client is what `openapi-python-client` generates from `/schema/openapi.json`, used unedited: this
module only calls its `get_manifest` and `get_batch` operations. One sync:

1. With nothing held: the full manifest, then every answer, 100 per batch.
2. Else: `GET /manifest?since=<token>` with `If-None-Match: <manifest ETag held>`: a 304 means the
   app is current (one request); a delta lists the answers whose ETag changed (fetched in batches)
   and tombstones (dropped); a 410 (the token is gone) starts again from the full manifest.
3. The manifest's `token` and `manifest_etag` are kept once every rendition fetched carries the ETag
   the manifest listed; a batch answered by a replica that is behind leaves the old ones, so the
   next sync lists those answers again.

Bytes are counted as they cross the wire (compressed), from `Content-Length`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Any

import httpx

__all__ = ["AppState", "SyncReport", "sync"]

BATCH = 100


@dataclass
class AppState:
    """What the app keeps between syncs."""

    token: str | None = None
    manifest_etag: str | None = None
    etags: dict[str, str] = field(default_factory=dict)
    """Per slug, the ETag of the rendition the app holds."""
    answers: dict[str, Any] = field(default_factory=dict)
    """Per slug, the rendition (the generated client's `AnswerDocument`)."""


@dataclass
class SyncReport:
    """What one sync cost."""

    requests: int = 0
    bytes: int = 0
    seconds: float = 0.0
    fetched: int = 0
    dropped: int = 0
    not_modified: int = 0


def sync(client_package: ModuleType, base_url: str, audience: str, locale: str, state: AppState) -> SyncReport:
    """Bring `state` up to date with the server at `base_url`; what it cost."""
    report = SyncReport()
    started = time.perf_counter()

    def count(response: httpx.Response) -> None:
        report.requests += 1
        report.bytes += int(response.headers.get("content-length", 0))
        report.not_modified += response.status_code == 304

    def client_with(headers: dict[str, str]) -> Any:
        return client_package.Client(
            base_url=base_url, headers=headers, httpx_args={"event_hooks": {"response": [count]}}
        )

    client = client_with({})
    models = import_module(f"{client_package.__name__}.models")
    manifest_api = import_module(f"{client_package.__name__}.api.answers.get_manifest")
    batch_api = import_module(f"{client_package.__name__}.api.answers.get_batch")
    choice = {"audience": models.GetManifestAudience(audience), "locale": models.GetManifestLocale(locale)}
    with client:
        if state.token is not None and state.manifest_etag is not None:
            with client_with({"If-None-Match": state.manifest_etag}) as conditional:
                response = manifest_api.sync_detailed(client=conditional, since=state.token, **choice)
            if response.status_code == 304:
                report.seconds = time.perf_counter() - started
                return report
            if response.status_code == 410:
                state.token = state.manifest_etag = None
                response = manifest_api.sync_detailed(client=client, **choice)
        else:
            response = manifest_api.sync_detailed(client=client, **choice)
        if response.status_code != 200:
            raise RuntimeError(f"manifest: {response.status_code} {response.content[:200]!r}")
        manifest = response.parsed
        listed = {entry.slug: entry.etag for entry in manifest.answers if entry.deleted is not True}
        wanted = _apply(manifest, state, report)
        behind = False
        batch_choice = {"audience": models.GetBatchAudience(audience), "locale": models.GetBatchLocale(locale)}
        for start in range(0, len(wanted), BATCH):
            batch = batch_api.sync_detailed(
                client=client, slugs=",".join(wanted[start : start + BATCH]), **batch_choice
            )
            if batch.status_code != 200:
                raise RuntimeError(f"batch: {batch.status_code} {batch.content[:200]!r}")
            for entry in batch.parsed.answers:
                state.etags[entry.slug] = entry.etag
                state.answers[entry.slug] = entry.answer
                report.fetched += 1
                # A replica that has not followed the store as far as the manifest's answered the batch.
                behind |= entry.etag != listed.get(entry.slug)
        if not behind:
            state.token = manifest.token if isinstance(manifest.token, str) else None
            state.manifest_etag = manifest.manifest_etag
        # Otherwise the token and manifest ETag held stay: the next sync lists those answers again.
    report.seconds = time.perf_counter() - started
    return report


def _apply(manifest: Any, state: AppState, report: SyncReport) -> list[str]:
    """Drop what the manifest says is gone; the slugs whose rendition the app must fetch."""
    wanted: list[str] = []
    listed: set[str] = set()
    for entry in manifest.answers:
        listed.add(entry.slug)
        if entry.deleted is True:
            report.dropped += state.etags.pop(entry.slug, None) is not None
            state.answers.pop(entry.slug, None)
        elif state.etags.get(entry.slug) != entry.etag:
            wanted.append(entry.slug)
    if manifest.full:
        for gone in set(state.etags) - listed:
            state.etags.pop(gone)
            state.answers.pop(gone, None)
            report.dropped += 1
    return wanted
