"""Reviewers readers can check: an editor's display name and credential, and an approval records them.

An approval's audit entry keeps the reviewer as readers saw them at that moment (name, credential, role),
so that a later change of profile does not rewrite who reviewed what. Existing approvals have none: they
are shown by date alone, as before.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("credential", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("named_publicly", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("named_publicly", server_default=None)
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewer_name", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("reviewer_credential", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("reviewer_role", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("reviewer_role")
        batch_op.drop_column("reviewer_credential")
        batch_op.drop_column("reviewer_name")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("named_publicly")
        batch_op.drop_column("credential")
        batch_op.drop_column("display_name")
