"""Initial schema: every valgus table (athletes, sessions, trials, reps, artifacts,
screening answers, programs, adherence log).

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 09:48:21.403692

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def created_at() -> sa.Column:
    """The creation timestamp every table carries."""
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "athletes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("sex", sa.String(length=8), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("dominant_leg", sa.String(length=8), nullable=True),
        sa.Column("sport", sa.String(length=64), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=True),
        created_at(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_athletes_team"), ["team"], unique=False)

    op.create_table(
        "adherence_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("sessions_done", sa.Integer(), nullable=False),
        sa.Column("pain_after", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        created_at(),
        sa.CheckConstraint("pain_after >= 0 AND pain_after <= 10", name="ck_adherence_pain"),
        sa.CheckConstraint("sessions_done >= 0", name="ck_adherence_sessions"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("athlete_id", "date", name="uq_adherence_day"),
    )
    with op.batch_alter_table("adherence_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adherence_log_athlete_id"), ["athlete_id"], unique=False
        )

    op.create_table(
        "assessment_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("tasks", JSON_TYPE, nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        created_at(),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("athlete_id", "date", name="uq_session_athlete_date"),
    )
    with op.batch_alter_table("assessment_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_sessions_athlete_id"), ["athlete_id"], unique=False
        )

    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("plan", JSON_TYPE, nullable=False),
        created_at(),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programs_athlete_id"), ["athlete_id"], unique=False)

    op.create_table(
        "screening_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("answers", JSON_TYPE, nullable=False),
        created_at(),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("screening_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_answers_athlete_id"), ["athlete_id"], unique=False
        )

    op.create_table(
        "trials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(length=32), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_kind", sa.String(length=32), nullable=True),
        sa.Column("software_version", sa.String(length=32), nullable=False),
        sa.Column("model_name", sa.String(length=64), nullable=True),
        sa.Column("model_sha256", sa.String(length=64), nullable=True),
        sa.Column("schema_version", sa.String(length=16), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("analysis", JSON_TYPE, nullable=False),
        created_at(),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["assessment_sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "athlete_id",
            "source_sha256",
            "task",
            "side",
            "software_version",
            name="uq_trial_identity",
        ),
    )
    with op.batch_alter_table("trials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trials_athlete_id"), ["athlete_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_trials_session_id"), ["session_id"], unique=False)

    op.create_table(
        "artifacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        created_at(),
        sa.CheckConstraint("path IS NOT NULL OR data IS NOT NULL", name="ck_artifact_has_content"),
        sa.ForeignKeyConstraint(["trial_id"], ["trials.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("artifacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_artifacts_trial_id"), ["trial_id"], unique=False)

    op.create_table(
        "rep_metrics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("rep_index", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("start_s", sa.Float(), nullable=True),
        sa.Column("end_s", sa.Float(), nullable=True),
        sa.Column("deepest_s", sa.Float(), nullable=True),
        sa.Column("fppa_deg", sa.Float(), nullable=True),
        sa.Column("fppa_max_deg", sa.Float(), nullable=True),
        sa.Column("dynamic_valgus_deg", sa.Float(), nullable=True),
        sa.Column("knee_over_foot", sa.Float(), nullable=True),
        sa.Column("kasr", sa.Float(), nullable=True),
        sa.Column("mkd", sa.Float(), nullable=True),
        sa.Column("hip_adduction_deg", sa.Float(), nullable=True),
        sa.Column("pelvic_drop_deg", sa.Float(), nullable=True),
        sa.Column("trunk_lean_deg", sa.Float(), nullable=True),
        sa.Column("knee_flexion_deg", sa.Float(), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["trial_id"], ["trials.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("trial_id", "rep_index", "side", name="uq_rep"),
    )
    with op.batch_alter_table("rep_metrics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rep_metrics_trial_id"), ["trial_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("rep_metrics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rep_metrics_trial_id"))

    op.drop_table("rep_metrics")
    with op.batch_alter_table("artifacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_artifacts_trial_id"))

    op.drop_table("artifacts")
    with op.batch_alter_table("trials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trials_session_id"))
        batch_op.drop_index(batch_op.f("ix_trials_athlete_id"))

    op.drop_table("trials")
    with op.batch_alter_table("screening_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_answers_athlete_id"))

    op.drop_table("screening_answers")
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programs_athlete_id"))

    op.drop_table("programs")
    with op.batch_alter_table("assessment_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_sessions_athlete_id"))

    op.drop_table("assessment_sessions")
    with op.batch_alter_table("adherence_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adherence_log_athlete_id"))

    op.drop_table("adherence_log")
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_athletes_team"))

    op.drop_table("athletes")
