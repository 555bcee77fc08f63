"""Building one answer from its files' text (`build_answer`), with a `Problem` for everything wrong in its structure.

Each answer folder is built on its own (`load_answer`), so one broken answer never hides the findings
of another, and a broken `answer.toml` never hides the findings of its texts. Reading the files is
`service.content.files`; the structural checks of the whole answer are `service.content.structure`;
the rules about what the texts say (figures, citations, reading level) are `service.content.rules`;
the gate that puts them together and decides what may be served is `service.content.gate`.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path
from types import MappingProxyType

import msgspec

from service.content.files import AnswerFiles, Paths, read_answer_files
from service.content.metadata import METADATA_FILE, line_of, read_metadata
from service.content.model import (
    DISCLAIMER_SECTION,
    KEY_POINTS_SECTION,
    RESERVED_SECTIONS,
    Answer,
    AnswerMetadata,
    Audience,
    Change,
    Review,
    ReviewStatus,
    TextReview,
    Variant,
)
from service.content.problems import Problem, Rule, Severity
from service.content.structure import citation_problems, completeness_problems, metadata_problems
from service.content.variant_file import split_sections
from service.structs import Record

__all__ = ["AnswerLoad", "build_answer", "load_answer"]


_encoder = msgspec.msgpack.Encoder()


class AnswerLoad(Record):
    """One answer folder: the answer (None when it cannot be built at all) and its structural findings.

    When `answer.toml` cannot be read, `answer` is a stand-in built from the texts alone, so that the
    rules still check them; `metadata_ok` is then False and the answer is never served.
    """

    slug: str
    answer: Answer | None
    problems: tuple[Problem, ...]
    metadata_ok: bool = True

    @property
    def ok(self) -> bool:
        """True when nothing found is an error."""
        return self.answer is not None and not any(problem.severity is Severity.ERROR for problem in self.problems)


def load_answer(paths: Paths, folder: Path, slugs: frozenset[str]) -> AnswerLoad:
    """Read one answer folder and build it; `slugs` are the answers that exist, for related links."""
    return build_answer(read_answer_files(paths, folder), slugs)


def build_answer(files: AnswerFiles, slugs: frozenset[str]) -> AnswerLoad:
    """Build one answer from its files' text, with every structural finding; `slugs` exist, for related links."""
    metadata_name = f"{files.shown}/{METADATA_FILE}"
    problems: list[Problem] = list(files.problems)
    metadata_text = files.metadata_text or ""
    metadata: AnswerMetadata | None = None
    # The store's review of the metadata, where it differs from answer.toml's (what merely repeats the file
    # is not part of the revision, so the same files keep their revision wherever they are kept).
    metadata_status: ReviewStatus | None = None
    if files.metadata_text is None:
        message = f"every answer folder needs {METADATA_FILE}"
        problems.append(Problem(file=metadata_name, line=1, rule=Rule.METADATA, message=message))
    else:
        read = read_metadata(metadata_text, metadata_name)
        if isinstance(read, AnswerMetadata):
            metadata = read
            if files.metadata_status is not None and files.metadata_status is not read.review.status:
                # The store reviews the metadata as it reviews a text: its state, not the file's, is shown.
                metadata_status = files.metadata_status
                metadata = msgspec.structs.replace(
                    read, review=msgspec.structs.replace(read.review, status=metadata_status)
                )
        else:
            problems.extend(read)

    # The digest names files relative to the answer folder: the same content has the same revision
    # wherever it is kept and wherever the command runs from.
    digest = hashlib.sha256(metadata_text.encode())
    ordered = sorted(files.texts.items())
    for (locale, audience), text in ordered:
        digest.update(f"{locale}/{audience.value}.md".encode() + b"\0" + text.encode())
    reviews = {key: _text_review(files.reviews.get(key), metadata) for key, _ in ordered}
    # What the store adds to the files is shown to readers too, so it is part of the revision (an
    # approval changes it); what merely repeats answer.toml is not, so the same files keep their revision.
    added = [
        (f"{locale}/{audience.value}", review)
        for (locale, audience), review in reviews.items()
        if review != _text_review(None, metadata)
    ]
    written_on = sorted((f"{locale}/{audience.value}", on) for (locale, audience), on in files.written_on.items())
    if added or files.changes or written_on or metadata_status:
        digest.update(_encoder.encode((added, files.changes, written_on, metadata_status)))
    judged = _judged_apart(files, metadata)
    if judged:
        digest.update(_encoder.encode(judged))
    known = metadata.page_sections if metadata is not None else None
    variants = {
        (locale, audience): _load_variant(
            f"{files.shown}/{locale}/{audience.value}.md",
            text=text,
            locale=locale,
            audience=audience,
            known=known,
            review=reviews[locale, audience],
            problems=problems,
            behind=(locale, audience) in files.behind,
            written_on=files.written_on.get((locale, audience)),
            revision=_variant_revision(
                text,
                reviews[locale, audience],
                [change for change in files.changes if (change.locale, change.audience) == (locale, audience)],
                files.written_on.get((locale, audience)),
            ),
        )
        for (locale, audience), text in ordered
    }
    metadata_ok = metadata is not None
    if metadata is None:
        metadata = _stand_in(files.slug, variants)
    else:
        if metadata.slug != files.slug:
            message = f"slug `{metadata.slug}` differs from its folder name `{files.slug}`"
            line = line_of(metadata_text, ["slug"])
            problems.append(Problem(file=metadata_name, line=line, rule=Rule.SLUG_MISMATCH, message=message))
        problems.extend(metadata_problems(metadata, metadata_name, metadata_text, slugs))
        problems.extend(completeness_problems(metadata, metadata_name, metadata_text, variants))
        problems.extend(citation_problems(metadata, metadata_name, metadata_text, variants))
    answer = Answer(
        metadata=metadata,
        variants=MappingProxyType(variants),
        revision=digest.hexdigest()[:16],
        metadata_file=metadata_name,
        related_lines=tuple(line_of(metadata_text, ["related", index]) for index in range(len(metadata.related))),
        changes=files.changes,
        metadata_revision=hashlib.blake2b(_encoder.encode((metadata_text, metadata_status)), digest_size=8).hexdigest(),
        waiver_lines=tuple(line_of(metadata_text, ["waivers", index]) for index in range(len(metadata.waivers))),
        waived=_waived(metadata, files.approved_waivers),
    )
    return AnswerLoad(slug=files.slug, answer=answer, problems=tuple(problems), metadata_ok=metadata_ok)


def _judged_apart(files: AnswerFiles, metadata: AnswerMetadata | None) -> list[object]:
    """What the store knows that changes what the rules find in the same texts: part of the revision.

    Texts behind their source are warned, not refused; which waivers are approved decides what is missing.
    """
    judged: list[object] = []
    if files.behind:
        judged.append(("behind", sorted(files.behind)))
    if files.approved_waivers is not None and metadata is not None and metadata.waivers:
        judged.append(("waivers", sorted(files.approved_waivers)))
    return judged


def _waived(
    metadata: AnswerMetadata, approved: frozenset[tuple[str, Audience, str]] | None
) -> frozenset[tuple[str, Audience, str]]:
    """The waivers in effect: in the metadata, and approved — by the store's review, or by `answer.toml`'s own."""
    written = {(waiver.claim, waiver.audience, waiver.locale) for waiver in metadata.waivers}
    if approved is None:
        return frozenset(written) if metadata.review.status is ReviewStatus.APPROVED else frozenset()
    return frozenset(written & approved)


def _text_review(stored: TextReview | None, metadata: AnswerMetadata | None) -> TextReview:
    """The store's review of a text, else `answer.toml`'s; an approval's date comes from `answer.toml` if unknown."""
    if metadata is None:
        return stored or TextReview(status=ReviewStatus.SUBMITTED)
    if stored is None:
        return TextReview(status=metadata.review.status, reviewed_on=metadata.review.reviewed_on)
    if stored.status is ReviewStatus.APPROVED and stored.reviewed_on is None:
        return msgspec.structs.replace(stored, reviewed_on=metadata.review.reviewed_on)
    return stored


def _stand_in(slug: str, variants: dict[tuple[str, Audience], Variant]) -> AnswerMetadata:
    """Metadata for an answer whose `answer.toml` cannot be read: enough to check its texts, never served."""
    sections = tuple(
        dict.fromkeys(
            section_id
            for variant in variants.values()
            for section_id in variant.sections
            if section_id not in RESERVED_SECTIONS
        )
    )
    return AnswerMetadata(
        slug=slug,
        question={},
        review=Review(status=ReviewStatus.SUBMITTED),
        last_updated=datetime.date.min,
        sections=sections or ("unknown",),
    )


def _load_variant(
    shown: str,
    *,
    text: str,
    locale: str,
    audience: Audience,
    known: tuple[str, ...] | None,
    review: TextReview,
    problems: list[Problem],
    revision: str,
    behind: bool,
    written_on: datetime.date | None,
) -> Variant:
    sections, found = split_sections(text, shown)
    problems.extend(found)
    if known is not None:
        for section in sections:
            if section.id not in known:
                listed = ", ".join(section_id for section_id in known if section_id not in RESERVED_SECTIONS)
                message = f"section `{section.id}` is not in answer.toml's `sections` ({listed})"
                if RESERVED_SECTIONS & set(known):
                    message += f" nor `{KEY_POINTS_SECTION}` or `{DISCLAIMER_SECTION}`"
                problems.append(
                    Problem(file=shown, line=section.location.line, rule=Rule.UNKNOWN_SECTION, message=message)
                )
    by_id = {section.id: section for section in sections if known is None or section.id in known}
    return Variant(
        audience=audience,
        locale=locale,
        file=shown,
        sections=MappingProxyType(by_id),
        review=review,
        revision=revision,
        behind=behind,
        written_on=written_on,
    )


def _variant_revision(text: str, review: TextReview, changes: list[Change], written_on: datetime.date | None) -> str:
    return hashlib.blake2b(_encoder.encode((text, review, changes, written_on)), digest_size=8).hexdigest()
