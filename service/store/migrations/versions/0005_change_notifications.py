"""PostgreSQL tells every listening replica which answer changed, as each change commits.

A trigger on the audit log (every write, decision and import adds an entry) sends the answer's slug
on the `tailor_changes` channel; PostgreSQL delivers it when the transaction commits, and never for
one that rolls back. SQLite has no such thing: there, processes look at the audit log each second.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 11:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The channel is `service.store.changes.CHANNEL`, written out: a migration never changes with the code.
    op.execute(
        """
        CREATE FUNCTION tailor_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('tailor_changes', (SELECT slug FROM answers WHERE id = NEW.answer_id));
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER tailor_notify_change AFTER INSERT ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION tailor_notify_change()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER tailor_notify_change ON audit_log")
    op.execute("DROP FUNCTION tailor_notify_change()")
