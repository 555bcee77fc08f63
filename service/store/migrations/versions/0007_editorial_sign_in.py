"""Signing in to the editorial pages: users' password hashes, and the server-side sessions.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 13:20:00
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("password_hash", sa.String(length=255), nullable=True))
    op.create_table(
        "editorial_sessions",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("session_id", sa.String(length=255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_editorial_sessions")),
        sa.UniqueConstraint("session_id", name=op.f("uq_editorial_sessions_session_id")),
    )
    op.create_index(op.f("ix_editorial_sessions_expires_at"), "editorial_sessions", ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_editorial_sessions_expires_at"), table_name="editorial_sessions")
    op.drop_table("editorial_sessions")
    with op.batch_alter_table("users") as users:
        users.drop_column("password_hash")
