"""A full-text index of the texts readers are served, in SQLite's FTS5, in a database of the process's own.

It is built from the served catalog, not read from the store: search then finds exactly what readers
get (whatever the publish mode, and nothing the gate held back), the same way in file mode, on SQLite
and on PostgreSQL, and a reader's search never waits on the database. One row per text (answer ×
locale × audience): the question in that locale and the text's words, accents and case folded
(`unicode61 remove_diacritics 2`). It follows catalog swaps incrementally: only answers whose
revision changed are indexed again.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
import threading
from pathlib import Path

import anyio.to_thread

from service.content.catalog import Catalog
from service.content.model import DEFAULT_LOCALE, Answer
from service.content.plain_text import plain_text
from service.structs import Record

__all__ = ["MARK_END", "MARK_START", "MAX_QUERY_WORDS", "Match", "SearchIndex", "match_expression"]

MARK_START, MARK_END = "\x02", "\x03"
"""What `snippet` puts around the words that matched; never in a text, so they survive escaping."""
MAX_QUERY_WORDS = 12
_WORD = re.compile(r"\w+", re.UNICODE)
_QUESTION_WEIGHT = 4.0
"""A word in the question counts this many times a word in the text, when ranking."""


class Match(Record):
    """A text that matched, best first."""

    row: int
    """The text's row in the index."""
    slug: str
    locale: str
    audience: str


def match_expression(query: str) -> str | None:
    """An FTS5 query for what a reader typed: every word, each as a prefix; None when there is no word."""
    words = _WORD.findall(query)[:MAX_QUERY_WORDS]
    return " ".join(f'"{word}"*' for word in words) or None


def _rows(answer: Answer) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for (locale, audience), variant in answer.variants.items():
        question = answer.metadata.question_for(audience)
        asked = question.get(locale) or question.get(DEFAULT_LOCALE) or next(iter(question.values()))
        body = " ".join(f"{section.title}. {plain_text(section.body)}" for section in variant.sections.values())
        rows.append((answer.slug, locale, audience.value, asked, body))
    return rows


class SearchIndex:
    """The index of one process. Updated off the event loop, on the first search after a swap."""

    def __init__(self) -> None:
        """An empty index; its database is made on first use (most processes of a test run never search)."""
        self._connection: sqlite3.Connection | None = None
        self._indexed: dict[str, str] = {}
        """The answer revision indexed, by slug."""
        self.revision: str | None = None
        """The catalog revision the index is at."""
        self._lock = threading.Lock()

    @property
    def _database(self) -> sqlite3.Connection:
        """The index's database, made on first use.

        A file, since a large catalog's index would not fit in every worker's memory; unlinked as soon as
        it is open (the open connection keeps it), so that nothing is left behind even by a killed process.
        """
        if self._connection is None:
            folder = Path(tempfile.mkdtemp(prefix="tailor-search-"))
            connection = sqlite3.connect(folder / "search.db", check_same_thread=False)
            connection.executescript(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                "CREATE VIRTUAL TABLE texts USING fts5(slug UNINDEXED, locale UNINDEXED, audience UNINDEXED, "
                "question, body, tokenize='unicode61 remove_diacritics 2');"
            )
            shutil.rmtree(folder)
            self._connection = connection
        return self._connection

    def close(self) -> None:
        """Drop the index."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def update(self, catalog: Catalog) -> int:
        """Index what changed since the last update: answers added, changed or gone. Returns how many."""
        with self._lock:
            if self.revision == catalog.revision:
                return 0
            changed = [answer for slug, answer in catalog.answers.items() if self._indexed.get(slug) != answer.revision]
            gone = [slug for slug in self._indexed if slug not in catalog.answers]
            with self._database:
                for slug in [*gone, *(answer.slug for answer in changed)]:
                    self._database.execute("DELETE FROM texts WHERE slug = ?", (slug,))
                    self._indexed.pop(slug, None)
                for answer in changed:
                    self._database.executemany("INSERT INTO texts VALUES (?, ?, ?, ?, ?)", _rows(answer))
                    self._indexed[answer.slug] = answer.revision
            self.revision = catalog.revision
            return len(changed) + len(gone)

    async def ensure(self, catalog: Catalog) -> None:
        """Bring the index to `catalog`, off the event loop (the first time, a large catalog takes seconds)."""
        if self.revision != catalog.revision:
            await anyio.to_thread.run_sync(self.update, catalog)

    def matches(self, expression: str, locales: tuple[str, ...], audiences: tuple[str, ...]) -> list[Match]:
        """Every text in `locales` × `audiences` that matches, best first."""
        marks = ", ".join("?" * len(locales)), ", ".join("?" * len(audiences))
        query = (
            "SELECT rowid, slug, locale, audience FROM texts WHERE texts MATCH ? "  # noqa: S608 - placeholders only
            f"AND locale IN ({marks[0]}) AND audience IN ({marks[1]}) "
            f"ORDER BY bm25(texts, 0, 0, 0, {_QUESTION_WEIGHT}, 1.0)"
        )
        with self._lock:
            rows = self._database.execute(query, (expression, *locales, *audiences)).fetchall()
        return [Match(row=row, slug=slug, locale=locale, audience=audience) for row, slug, locale, audience in rows]

    def snippet(self, expression: str, match: Match, words: int = 24) -> str:
        """A stretch of the matched text around what matched, the matches between `MARK_START` and `MARK_END`."""
        query = (
            f"SELECT snippet(texts, -1, '{MARK_START}', '{MARK_END}', '…', {words}) FROM texts "  # noqa: S608
            "WHERE texts MATCH ? AND rowid = ?"  # the row, not a scan of every match
        )
        with self._lock:
            row = self._database.execute(query, (expression, match.row)).fetchone()
        return str(row[0]) if row is not None else ""
