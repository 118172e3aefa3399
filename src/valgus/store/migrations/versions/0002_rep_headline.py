"""Rep headline: the measure a rep's verdict rests on and its value (analysis JSON 1.2).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 03:40:00

Rows stored before this revision get the headline their stored analysis JSON implies
(the verdict basis, else the FPPA at peak), so progress compares like with like.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rep_metrics") as batch:
        batch.add_column(sa.Column("headline_metric", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("headline_value", sa.Float(), nullable=True))
    # Older rows: the FPPA at peak was what every output showed; keep that as their headline.
    op.execute(
        "UPDATE rep_metrics SET headline_metric = 'fppa_deg', headline_value = fppa_deg "
        "WHERE headline_metric IS NULL AND fppa_deg IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("rep_metrics") as batch:
        batch.drop_column("headline_value")
        batch.drop_column("headline_metric")
