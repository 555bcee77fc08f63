"""The catalog: every answer, immutable, looked up by slug in constant time."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from types import MappingProxyType

import msgspec

from service.content.model import Answer
from service.structs import Record

__all__ = ["FEED_WINDOW", "Catalog", "FeedPosition"]

FEED_WINDOW = 1000
"""How many of the newest entries a position remembers one by one (below them: every entry)."""


class FeedPosition(Record):
    """How far a catalog has followed its source's change log: every entry up to `floor`, and those in `above`.

    A set above the floor, not only the newest entry, because entries can become visible out of order
    (on PostgreSQL, ids are handed out in order but transactions may commit out of order): an entry
    that turns up below the newest one seen is still applied, rather than missed.
    """

    log: str
    """Which change log: the store's identity (another store, or a rebuilt one, has another)."""
    floor: int = 0
    above: frozenset[int] = frozenset()

    @property
    def newest(self) -> int:
        """The newest entry applied."""
        return max(self.above, default=self.floor)

    def has(self, entry: int) -> bool:
        """Whether `entry` is applied."""
        return entry <= self.floor or entry in self.above

    def advanced(self, entries: frozenset[int]) -> FeedPosition:
        """This position with `entries` applied too; what falls out of the window is merged into the floor."""
        above = self.above | entries
        floor = max(self.floor, max(above, default=0) - FEED_WINDOW)
        return FeedPosition(log=self.log, floor=floor, above=frozenset(entry for entry in above if entry > floor))


class Catalog(Record):
    """All answers of one content revision. Built once; a reload builds a new one."""

    answers: Mapping[str, Answer]
    """Answers by slug, in slug order: what readers read (lists, pages, search, sitemap, manifest)."""
    revision: str
    """A digest of every answer's revision: equal catalogs have equal revisions."""
    rendition_revisions: Mapping[str, str]
    """Per slug, a digest of everything an answer's renditions show: the answer itself and the
    questions of the answers it links to. Equal digests mean equal renditions."""
    held_back: tuple[str, ...] = ()
    """Slugs of the answers the gate held back when this catalog was built (some may be served in an
    earlier version). Not part of the revision: it says nothing about what readers get."""
    position: FeedPosition | None = None
    """How far this catalog has followed its source's change log (the store's; None for a directory,
    which keeps none). It travels with the catalog, so that whoever reads one catalog reads one moment:
    its answers and the token of the changes they include. Not part of the revision."""
    glossary: Answer | None = None
    """The glossary (`kind = "glossary"`): kept and gated like an answer, read only through the answers' words."""

    @classmethod
    def of(cls, answers: Mapping[str, Answer], *, held_back: tuple[str, ...] = ()) -> Catalog:
        """A catalog of these answers (the glossary among them, if any), its revisions derived from theirs.

        One glossary serves the catalog: the first by slug, should there be more.
        """
        everything = {slug: answers[slug] for slug in sorted(answers)}
        digest = hashlib.sha256()
        for slug, answer in everything.items():
            digest.update(f"{slug}\0{answer.revision}\0".encode())
        glossary = next((answer for answer in everything.values() if answer.metadata.is_glossary), None)
        ordered = {slug: answer for slug, answer in everything.items() if not answer.metadata.is_glossary}
        return cls(
            answers=MappingProxyType(ordered),
            revision=digest.hexdigest()[:16],
            rendition_revisions=MappingProxyType(
                {slug: _rendition_revision(answer, ordered, glossary) for slug, answer in ordered.items()}
            ),
            held_back=held_back,
            glossary=glossary,
        )

    @property
    def entries(self) -> dict[str, Answer]:
        """Every answer folder served, the glossary included, by slug: what the gate keeps or replaces."""
        kept = dict(self.answers)
        if self.glossary is not None:
            kept[self.glossary.slug] = self.glossary
        return kept

    @classmethod
    def empty(cls) -> Catalog:
        """A catalog with no answers."""
        return cls.of({})

    def at(self, position: FeedPosition | None) -> Catalog:
        """The same answers, having followed the change log to `position`."""
        return msgspec.structs.replace(self, position=position)

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


def _rendition_revision(answer: Answer, answers: Mapping[str, Answer], glossary: Answer | None) -> str:
    """What an answer's renditions show: the answer, the questions it links to, the glossary's definitions."""
    linked = sorted({related.slug for related in answer.metadata.related if related.slug is not None})
    if not linked and glossary is None:
        return answer.revision
    digest = hashlib.sha256(answer.revision.encode())
    if glossary is not None:
        digest.update(f"\0glossary\0{glossary.revision}".encode())
    for slug in linked:
        target = answers.get(slug)
        digest.update(f"\0{slug}\0{target.revision if target is not None else '-'}".encode())
    return digest.hexdigest()[:16]
