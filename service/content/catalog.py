"""The catalog: every answer, immutable, looked up by slug in constant time."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from types import MappingProxyType

from service.content.model import Answer
from service.structs import Record

__all__ = ["Catalog"]


class Catalog(Record):
    """All answers of one content revision. Built once; a reload builds a new one."""

    answers: Mapping[str, Answer]
    """Answers by slug, in slug order."""
    revision: str
    """A digest of every answer's revision: equal catalogs have equal revisions."""
    rendition_revisions: Mapping[str, str]
    """Per slug, a digest of everything an answer's renditions show: the answer itself and the
    questions of the answers it links to. Equal digests mean equal renditions."""
    held_back: tuple[str, ...] = ()
    """Slugs of the answers the gate held back when this catalog was built (some may be served in an
    earlier version). Not part of the revision: it says nothing about what readers get."""

    @classmethod
    def of(cls, answers: Mapping[str, Answer], *, held_back: tuple[str, ...] = ()) -> Catalog:
        """A catalog of these answers, its revisions derived from theirs."""
        ordered = {slug: answers[slug] for slug in sorted(answers)}
        digest = hashlib.sha256()
        for slug, answer in ordered.items():
            digest.update(f"{slug}\0{answer.revision}\0".encode())
        return cls(
            answers=MappingProxyType(ordered),
            revision=digest.hexdigest()[:16],
            rendition_revisions=MappingProxyType(
                {slug: _rendition_revision(answer, ordered) for slug, answer in ordered.items()}
            ),
            held_back=held_back,
        )

    @classmethod
    def empty(cls) -> Catalog:
        """A catalog with no answers."""
        return cls.of({})

    def answer(self, slug: str) -> Answer | None:
        """The answer called `slug`, if there is one."""
        return self.answers.get(slug)

    @property
    def locales(self) -> frozenset[str]:
        """Every locale some answer has a text in."""
        return frozenset(locale for answer in self.answers.values() for locale in answer.locales)

    def __len__(self) -> int:
        """The number of answers."""
        return len(self.answers)


def _rendition_revision(answer: Answer, answers: Mapping[str, Answer]) -> str:
    linked = sorted({related.slug for related in answer.metadata.related if related.slug is not None})
    if not linked:
        return answer.revision
    digest = hashlib.sha256(answer.revision.encode())
    for slug in linked:
        target = answers.get(slug)
        digest.update(f"\0{slug}\0{target.revision if target is not None else '-'}".encode())
    return digest.hexdigest()[:16]
