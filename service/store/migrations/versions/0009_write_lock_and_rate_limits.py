"""Writes one at a time on every engine, and rate limits every worker and replica share.

`write_lock` holds one row that each editorial write transaction updates first (it replaces
PostgreSQL's advisory lock, and makes SQLite's writers wait too: their reads used to run before any
lock was taken). `rate_limits` keeps, per limited key, when its allowance is full again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    lock = op.create_table(
        "write_lock",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("writes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_write_lock")),
    )
    op.bulk_insert(lock, [{"id": 1, "writes": 0}])
    op.create_table(
        "rate_limits",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_limits")),
        sa.UniqueConstraint("key", name=op.f("uq_rate_limits_key")),
    )
    op.create_index("ix_rate_limits_due", "rate_limits", ["due"])


def downgrade() -> None:
    op.drop_index("ix_rate_limits_due", table_name="rate_limits")
    op.drop_table("rate_limits")
    op.drop_table("write_lock")
