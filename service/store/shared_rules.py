"""Rule results kept in the store, so that a replica on a new machine starts as fast as a restarted one.

The rules are a pure function of an answer's texts (and the code and targets), keyed by digest in
`service.content.rule_cache`; a replica's own cache directory is empty on a new machine, where the
rules would run for every text. Each full load that had to compute something replaces the shared copy
whole; every replica reads it before its first load. A copy that cannot be read or written costs
time, never correctness: the rules then simply run.
"""

from __future__ import annotations

import logging

from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from service.store.models import RuleCacheModel

__all__ = ["keep_shared_rules", "shared_rules"]

logger = logging.getLogger(__name__)
NAME = "rules"


async def shared_rules(config: SQLAlchemyAsyncConfig) -> bytes | None:
    """The shared rule results, if any."""
    try:
        async with config.get_session() as session:
            found = await session.execute(select(RuleCacheModel.payload).where(RuleCacheModel.name == NAME))
            return found.scalar_one_or_none()
    except SQLAlchemyError as error:
        logger.warning("shared rule results not read (%s): the rules run for every answer", error)
        return None


async def keep_shared_rules(config: SQLAlchemyAsyncConfig, payload: bytes) -> None:
    """Replace the shared rule results with `payload`."""
    try:
        async with config.get_session() as session, session.begin():
            await session.execute(delete(RuleCacheModel).where(RuleCacheModel.name == NAME))
            session.add(RuleCacheModel(name=NAME, payload=payload))
    except SQLAlchemyError as error:
        logger.warning("shared rule results not kept (%s): a new replica will run the rules itself", error)
