"""Ids are never handed out twice: SQLite tables get AUTOINCREMENT (PostgreSQL sequences already
never go back).

Without it SQLite reuses the largest id after a deletion, so a new athlete's trial could take the
id (and the links) of an erased person's trial. Batch mode rebuilds each table (copy, drop,
rename) with foreign keys switched off (valgus.store.migrate.schema_transaction), keeping its
rows, indexes and constraints; the counter starts at the largest id kept.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 06:00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Every table with an integer id (users and audit_log have had AUTOINCREMENT since 0003).
TABLES = (
    "athletes",
    "assessment_sessions",
    "trials",
    "rep_metrics",
    "artifacts",
    "screening_answers",
    "programs",
    "adherence_log",
)


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TABLES:
        with op.batch_alter_table(
            name, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    """Upgrade schema."""
    _rebuild(True)


def downgrade() -> None:
    """Downgrade schema."""
    _rebuild(False)
