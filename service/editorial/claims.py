"""An answer's claims as editors check them: each claim of the English clinician text, how every text carries it.

Read from the newest revisions (what editors work on), through the same parsing the gate uses.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from service.content.claim_rules import ParityStatus, parity
from service.content.claims import ClaimKind
from service.content.loader import build_answer
from service.editorial.inspection import files_of
from service.store.repositories import answer_with_metadata, approved_waivers, latest_texts
from service.structs import Record

__all__ = ["CarriedOut", "ClaimOut", "ClaimsDocument", "answer_claims"]


class CitedSource(Record):
    """A claim from the answer's cited sources."""

    citations: list[int]
    """The numbers of `answer.toml`'s citations."""


class CarriedOut(Record):
    """How one text carries the claim."""

    status: ParityStatus
    """`carried`; `missing` where the text must carry it; `stale` where the text was written before its
    source gained the claim; `waived` where a reviewed waiver lets it out."""
    lines: list[int]
    """The lines of that text that carry it (empty unless carried)."""


class ClaimOut(Record):
    """One claim of the answer."""

    id: str
    kind: ClaimKind
    section: str
    line: int
    """Where the English clinician text states it."""
    source: CitedSource | Literal["practice"]
    """The citations it comes from, or `practice` (general clinical practice, not from the cited sources)."""
    statement: str
    """The sentence that states it, as written (Markdown)."""
    carried: dict[str, CarriedOut]
    """By `<locale>/<audience>`: every text that carries the claim or must."""


class ClaimsDocument(Record):
    """Every claim of an answer, in the English clinician text's order."""

    slug: str
    claims: list[ClaimOut]


def _source(source: tuple[int, ...] | Literal["practice"]) -> CitedSource | Literal["practice"]:
    return "practice" if source == "practice" else CitedSource(citations=list(source))


async def answer_claims(session: AsyncSession, slug: str) -> ClaimsDocument:
    """The claims of the answer called `slug` as its newest texts state and carry them (404 for an unknown slug)."""
    answer, metadata = await answer_with_metadata(session, slug)
    waivers = (await approved_waivers(session, [answer.id]))[answer.id]
    files = files_of(answer, metadata.metadata_toml, await latest_texts(session, answer.id), waivers=waivers)
    built = build_answer(files, frozenset({slug})).answer
    found = parity(built) if built is not None else []
    return ClaimsDocument(
        slug=slug,
        claims=[
            ClaimOut(
                id=item.claim.id,
                kind=item.claim.kind,
                section=item.claim.section,
                line=item.claim.line,
                source=_source(item.claim.source),
                statement=item.claim.statement,
                carried={
                    text: CarriedOut(status=carrying.status, lines=list(carrying.lines))
                    for text, carrying in item.carried.items()
                },
            )
            for item in found
        ],
    )
