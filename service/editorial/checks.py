"""What every editorial write checks before it stores anything: the writer's version, and the gate.

Writes are optimistic: the writer names the revision they read (its ETag), or `If-None-Match: *` for
something new; a write without either is refused (428), one that lost the race too (412). The gate
then checks the whole answer as it would be after the write, against the answer's current texts; a
write that makes it break a rule is refused with the findings, and nothing is stored.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.ext.asyncio import AsyncSession

from service.content.gate import Gate
from service.content.model import Audience
from service.editorial.inspection import Texts, check_stored, files_of
from service.errors import ContentRejected, Finding, PreconditionFailed, PreconditionRequired
from service.store.models import AnswerModel
from service.store.repositories import approved_waivers

__all__ = ["etag_of", "gate_answer", "require_version"]


def etag_of(*parts: object) -> str:
    """A strong ETag (quotes included) naming one revision of something, e.g. (slug, locale, audience, number)."""
    digest = hashlib.blake2b("/".join(str(part) for part in parts).encode(), digest_size=8).hexdigest()
    return f'"{digest}"'


def require_version(current: str | None, if_match: str | None, if_none_match: str | None) -> None:
    """Refuse a write unless it names `current` (the ETag of what exists; None when nothing does yet)."""
    if current is None:
        if if_none_match != "*":
            raise PreconditionFailed() if if_match is not None else PreconditionRequired()
        return
    if if_match is None:
        raise PreconditionFailed() if if_none_match is not None else PreconditionRequired()
    if if_match.strip() != current:
        raise PreconditionFailed()


async def gate_answer(
    session: AsyncSession,
    answer: AnswerModel,
    *,
    metadata_toml: str,
    texts: Texts,
    draft: tuple[str, Audience, str] | None = None,
    gate: Gate,
) -> None:
    """Refuse (422, with the findings) an answer that would break a rule with this metadata and these texts.

    `texts`: the answer's newest revisions; `draft`: the text about to be written as the next revision of one.
    """
    waivers = (await approved_waivers(session, [answer.id]))[answer.id]
    checked = await check_stored(session, [files_of(answer, metadata_toml, texts, draft, waivers=waivers)], gate=gate)
    errors = [problem for found in checked.findings for problem in found.errors]
    if errors:
        raise ContentRejected(
            [
                Finding(
                    rule=problem.rule.value,
                    line=problem.line,
                    message=problem.message,
                    severity=problem.severity.value,
                    file=problem.file,
                )
                for problem in errors
            ]
        )
