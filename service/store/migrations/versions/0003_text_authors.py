"""Text revisions name their author and the source revision they were written against.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 09:03:05.574070
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("text_revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True))
        batch_op.add_column(sa.Column("source_revision", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_text_revisions_author_id_users"), "users", ["author_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("text_revisions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_text_revisions_author_id_users"), type_="foreignkey")
        batch_op.drop_column("source_revision")
        batch_op.drop_column("author_id")
