"""What an app needs to stay current offline: a manifest of every answer's rendition, deltas, batches.

The manifest lists, for one reading choice, every answer with the ETag its JSON rendition carries
(computed, not built: see `service.rendition.encoded.etag_for`), so an app compares ETags and
fetches only what differs, a hundred at a time (`/api/v1/batch`). With the store, the manifest hands
out a token; `since=<token>` then lists only the answers whose audit entries came after it, and
withdrawn answers as tombstones. A content directory keeps no history: there, `since` answers the
whole manifest and says so (`full: true`, no token).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable

import msgspec

from service.choice import Choice
from service.content.catalog import Catalog
from service.content.model import Audience
from service.errors import TokenGone
from service.rendition.document import AnswerDocument, AnswerList, ReviewOut
from service.rendition.urls import RenditionKey, RenditionKind, key_for
from service.structs import Record

__all__ = [
    "MAX_BATCH",
    "MAX_BATCH_CHARACTERS",
    "MAX_DELTA",
    "BatchDocument",
    "BatchEntry",
    "Manifest",
    "ManifestEntry",
    "catalog_token",
    "delta_manifest",
    "encode_batch",
    "full_manifest",
    "made_of_bytes",
    "parse_token",
    "token_for",
]

EtagOf = Callable[[RenditionKey, Catalog], str | None]
"""Gives the ETag a rendition has in a catalog (`Renditions.etag`)."""
MAX_BATCH = 100
"""Answers one batch request may ask for."""
MAX_BATCH_CHARACTERS = 4000
"""The longest `slugs` list: URLs stay well within what servers and proxies take (Granian: 64 KiB)."""
MAX_DELTA = 1000
"""Changed answers beyond which a delta is refused (410): the whole manifest is then the cheaper answer."""


class ManifestEntry(Record, omit_defaults=True):
    """One answer in a manifest, or a tombstone (`deleted: true`, nothing else) for one that is gone."""

    slug: str
    deleted: bool = False
    etag: str | None = None
    """The strong ETag of the answer's JSON rendition for this choice (its identity encoding)."""
    last_updated: datetime.date | None = None
    review: ReviewOut | None = None
    """The least advanced review of the texts this reader gets (the same shape as the rendition's)."""
    href: str | None = None
    """The JSON rendition."""


class Manifest(Record):
    """Every answer for one audience and locale (`full`), or what changed since a token."""

    audience: Audience
    locale: str
    full: bool
    """True: every answer is listed (drop anything else you hold); false: only changes and tombstones."""
    token: str | None
    """Send it back as `since` for the next delta; null when this server keeps no history (a content
    directory), where every manifest is full."""
    answers: list[ManifestEntry]
    manifest_etag: str
    """The ETag of the full manifest now (in a full manifest, its own `ETag`). Send it as `If-None-Match`
    with the next `since`: while nothing changes, the answer is a 304."""


def token_for(store: str, applied: int) -> str:
    """The token of a point in a store's history."""
    return f"{store}.{applied}"


def catalog_token(catalog: Catalog) -> str | None:
    """The token of the point in its store's history a catalog shows; None for a content directory."""
    position = catalog.position
    return token_for(position.log, position.newest) if position is not None else None


def parse_token(token: str, store: str) -> int:
    """The audit position a token of `store` names, or `TokenGone`."""
    name, _, position = token.partition(".")
    # ASCII digits only: `str.isdigit` also takes "²", which `int` then refuses.
    if name != store or not position.isascii() or not position.isdigit() or len(position) > 18:
        raise TokenGone()
    return int(position)


def _entries(listing: AnswerList, catalog: Catalog, choice: Choice, etag: EtagOf) -> list[ManifestEntry]:
    """The listed answers, each with its JSON rendition's ETag (computed, not built)."""
    return [
        ManifestEntry(
            slug=summary.slug,
            etag=etag(key_for(RenditionKind.ANSWER_JSON, choice, summary.slug), catalog),
            last_updated=summary.last_updated,
            review=summary.review,
            href=summary.href,
        )
        for summary in listing.answers
    ]


def full_manifest(
    listing: AnswerList, catalog: Catalog, choice: Choice, etag: EtagOf, *, manifest_etag: str
) -> Manifest:
    """Every answer of `listing` (the API's answer list for `choice`) with its rendition's ETag.

    With the catalog's token; `manifest_etag` is this manifest's own ETag.
    """
    return Manifest(
        audience=choice.audience,
        locale=choice.locale,
        full=True,
        token=catalog_token(catalog),
        answers=_entries(listing, catalog, choice, etag),
        manifest_etag=manifest_etag,
    )


def delta_manifest(
    listing: AnswerList,
    catalog: Catalog,
    choice: Choice,
    etag: EtagOf,
    *,
    changed: frozenset[str],
    token: str,
    manifest_etag: str,
) -> Manifest:
    """The answers of `changed` as they are now, and tombstones for those no longer served.

    `listing` is the answer list of the changed answers only: a delta costs what changed, not the catalog.
    """
    current = {summary.slug for summary in listing.answers}
    tombstones = [ManifestEntry(slug=slug, deleted=True) for slug in sorted(changed - current)]
    return Manifest(
        audience=choice.audience,
        locale=choice.locale,
        full=False,
        token=token,
        answers=_entries(listing, catalog, choice, etag) + tombstones,
        manifest_etag=manifest_etag,
    )


class BatchEntry(Record):
    """One answer of a batch: its rendition's ETag and the rendition itself."""

    slug: str
    etag: str
    answer: AnswerDocument


class BatchDocument(Record):
    """Several answers' JSON renditions in one response; `missing` lists the slugs that have none."""

    audience: Audience
    locale: str
    answers: list[BatchEntry]
    missing: list[str]


class _RawBatchEntry(Record):
    slug: str
    etag: str
    answer: msgspec.Raw


class _RawBatch(Record):
    audience: Audience
    locale: str
    answers: list[_RawBatchEntry]
    missing: list[str]


def encode_batch(choice: Choice, renditions: list[tuple[str, str, bytes]], missing: list[str]) -> bytes:
    """A `BatchDocument`'s JSON, made of the renditions' own bytes (already encoded once, never again)."""
    document = _RawBatch(
        audience=choice.audience,
        locale=choice.locale,
        answers=[_RawBatchEntry(slug=slug, etag=tag, answer=msgspec.Raw(body)) for slug, tag, body in renditions],
        missing=missing,
    )
    return msgspec.json.encode(document)


def made_of_bytes(body: bytes) -> str:
    """What a response made per request is made of, for its ETag: its bytes."""
    return "per-request|" + hashlib.blake2b(body, digest_size=16).hexdigest()
