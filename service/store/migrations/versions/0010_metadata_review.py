"""Metadata revisions are reviewed like texts: each has a review status and names its author.

The question and the related questions are medical text readers see; citations, their links and the
review board are what readers trust. Existing revisions take the status their `answer.toml` gave (as
imported texts did), so that what was served before is served after.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 10:30:00
"""

import tomllib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUSES = ("submitted", "under_review", "approved", "changes_requested")


def _status_of(metadata_toml: str) -> str:
    try:
        status = tomllib.loads(metadata_toml).get("review", {}).get("status", "submitted")
    except tomllib.TOMLDecodeError:
        return "submitted"
    return status if status in _STATUSES else "submitted"


def upgrade() -> None:
    with op.batch_alter_table("answer_revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=24), nullable=False, server_default="submitted"))
        batch_op.add_column(sa.Column("author_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_answer_revisions_author_id_users"), "users", ["author_id"], ["id"])
    revisions = sa.table("answer_revisions", sa.column("id"), sa.column("metadata_toml"), sa.column("status"))
    bind = op.get_bind()
    for row_id, metadata_toml in bind.execute(sa.select(revisions.c.id, revisions.c.metadata_toml)).all():
        bind.execute(revisions.update().where(revisions.c.id == row_id).values(status=_status_of(metadata_toml)))
    with op.batch_alter_table("answer_revisions", schema=None) as batch_op:
        batch_op.alter_column("status", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("answer_revisions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_answer_revisions_author_id_users"), type_="foreignkey")
        batch_op.drop_column("author_id")
        batch_op.drop_column("status")
