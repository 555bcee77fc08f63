"""The catalog: every answer, immutable, looked up by slug in constant time."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from types import MappingProxyType

import msgspec

from service.content.model import Answer


class Catalog(msgspec.Struct, frozen=True, kw_only=True):
    """All answers of one content revision. Built once; a reload builds a new one."""

    answers: Mapping[str, Answer]
    """Answers by slug, in slug order."""
    revision: str
    """A digest of every answer's revision: equal catalogs have equal revisions."""

    @classmethod
    def of(cls, answers: Mapping[str, Answer]) -> Catalog:
        """A catalog of these answers, its revision derived from theirs."""
        ordered = {slug: answers[slug] for slug in sorted(answers)}
        digest = hashlib.sha256()
        for slug, answer in ordered.items():
            digest.update(f"{slug}\0{answer.revision}\0".encode())
        return cls(answers=MappingProxyType(ordered), revision=digest.hexdigest()[:16])

    @classmethod
    def empty(cls) -> Catalog:
        """A catalog with no answers."""
        return cls.of({})

    def answer(self, slug: str) -> Answer | None:
        """The answer called `slug`, if there is one."""
        return self.answers.get(slug)

    def __len__(self) -> int:
        """The number of answers."""
        return len(self.answers)
