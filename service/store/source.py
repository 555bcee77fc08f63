"""The store as the server's content source: the latest revision of every answer, through the gate.

Findings about stored texts name them `store/<slug>/<locale>/<audience>.md`, as if exported. What
passed the gate when it was imported can still be held back here, when the rules have changed since.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import anyio.to_thread
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from service.content.catalog import Catalog
from service.content.gate import CheckedContent, Gated, admit, check_answers
from service.content.loader import AnswerFiles
from service.content.model import Audience
from service.content.problems import Problem, Rule
from service.content.targets import DEFAULT_TARGETS, ReadingTargets
from service.store.models import AnswerModel, AnswerRevisionModel, TextModel, TextRevisionModel

__all__ = ["SHOWN_AS", "StoreSource", "read_store"]

logger = logging.getLogger(__name__)
SHOWN_AS = "store"


async def read_store(config: SQLAlchemyAsyncConfig, slugs: frozenset[str] | None = None) -> list[AnswerFiles]:
    """Every answer that is not withdrawn (or those of them called `slugs`), as its latest revisions' text."""
    latest_answer = (
        select(AnswerRevisionModel.answer_id, func.max(AnswerRevisionModel.number).label("number"))
        .group_by(AnswerRevisionModel.answer_id)
        .subquery()
    )
    answers_query = (
        select(AnswerModel.slug, AnswerModel.id, AnswerRevisionModel.metadata_toml)
        .join(AnswerRevisionModel, AnswerRevisionModel.answer_id == AnswerModel.id)
        .join(
            latest_answer,
            (latest_answer.c.answer_id == AnswerRevisionModel.answer_id)
            & (latest_answer.c.number == AnswerRevisionModel.number),
        )
        .where(AnswerRevisionModel.withdrawn.is_(False))
        .order_by(AnswerModel.slug)
    )
    if slugs is not None:
        answers_query = answers_query.where(AnswerModel.slug.in_(slugs))
    latest_text = (
        select(TextRevisionModel.text_id, func.max(TextRevisionModel.number).label("number"))
        .group_by(TextRevisionModel.text_id)
        .subquery()
    )
    texts_query = (
        select(TextModel.answer_id, TextModel.locale, TextModel.audience, TextRevisionModel.markdown)
        .join(TextRevisionModel, TextRevisionModel.text_id == TextModel.id)
        .join(
            latest_text,
            (latest_text.c.text_id == TextRevisionModel.text_id) & (latest_text.c.number == TextRevisionModel.number),
        )
    )
    if slugs is not None:
        texts_query = texts_query.join(AnswerModel, AnswerModel.id == TextModel.answer_id).where(
            AnswerModel.slug.in_(slugs)
        )
    async with config.get_session() as session:
        answers = (await session.execute(answers_query)).all()
        texts: dict[int, dict[tuple[str, Audience], str]] = defaultdict(dict)
        for answer_id, locale, audience, markdown in (await session.execute(texts_query)).all():
            texts[answer_id][locale, Audience(audience)] = markdown
    return [
        AnswerFiles(slug=slug, shown=f"{SHOWN_AS}/{slug}", metadata_text=metadata_toml, texts=texts[answer_id])
        for slug, answer_id, metadata_toml in answers
    ]


@dataclass(frozen=True, kw_only=True)
class StoreSource:
    """The store at `config`'s database."""

    config: SQLAlchemyAsyncConfig
    targets: ReadingTargets = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    cache_dir: Path | None = None

    @property
    def name(self) -> str:
        """The database, without its password."""
        return self.config.get_engine().url.render_as_string(hide_password=True)

    @property
    def watch_path(self) -> None:
        """Nothing to watch: the store changes through its own writers."""
        return None

    async def gate(self, previous: Catalog | None, only: frozenset[str] | None = None) -> Gated:
        """Read the latest revisions (only those of `only`'s answers, if given), then check them on a worker thread.

        A database that cannot be read changes nothing: the catalog being served stays.
        """
        partial = only is not None and previous is not None
        try:
            files = await read_store(self.config, only if partial else None)
        except (SQLAlchemyError, OSError) as error:
            problem = Problem(file=self.name, line=1, rule=Rule.UNKNOWN_FILE, message=f"cannot read the store: {error}")
            return Gated(
                catalog=previous,
                checked=CheckedContent(readable=False, general=(problem,), findings=(), answers={}),
                held_back=(),
            )
        others = frozenset(previous.answers) - (only or frozenset()) if partial and previous is not None else None
        checked = await anyio.to_thread.run_sync(
            lambda: check_answers(files, self.targets, self.cache_dir, cache_name=self.name, other_slugs=others)
        )
        return admit(checked, previous=previous, partial=partial)
