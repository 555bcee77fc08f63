"""Audit entries name the state a decision moved from; the note keeps only what the person wrote.

Entries written before this migration keep their `from → to` prefix in the note: the log is
append-only, so nothing rewrites them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("from_status", sa.String(length=24), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("from_status")
