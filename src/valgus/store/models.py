"""SQLAlchemy 2 typed models: what the store keeps (see docs/store.md).

Every row belongs (directly or through its parents) to one athlete; foreign keys cascade on delete,
so deleting an athlete leaves nothing behind. Videos are not stored: a trial keeps the source file
name and its SHA-256; annotated outputs are kept only when the caller asks (``Artifact``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

JsonType = JSON().with_variant(JSONB(), "postgresql")
#: SQLite AUTOINCREMENT: an id is never handed out again after its row is deleted (ids are in
#: URLs and links). PostgreSQL sequences never go back anyway. Migration 0004.
NEVER_REUSE_IDS: dict[str, Any] = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    """Declarative base of every valgus table."""


def _created() -> Mapped[dt.datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


class Athlete(Base):
    """A person, known only by a pseudonymous code."""

    __tablename__ = "athletes"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    sex: Mapped[str | None] = mapped_column(String(8))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    dominant_leg: Mapped[str | None] = mapped_column(String(8))
    sport: Mapped[str | None] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = _created()

    sessions: Mapped[list[AssessmentSession]] = relationship(
        back_populates="athlete",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AssessmentSession.date",
    )
    screenings: Mapped[list[ScreeningAnswers]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    programs: Mapped[list[Program]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Program.created_on"
    )
    adherence: Mapped[list[AdherenceEntry]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="AdherenceEntry.date"
    )


class AssessmentSession(Base):
    """One assessment day of one athlete: the trials recorded that day."""

    __tablename__ = "assessment_sessions"
    __table_args__ = (
        UniqueConstraint("athlete_id", "date", name="uq_session_athlete_date"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    tasks: Mapped[list[str]] = mapped_column(JsonType, nullable=False, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = _created()

    athlete: Mapped[Athlete] = relationship(back_populates="sessions")
    trials: Mapped[list[Trial]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Trial.id",
    )


class Trial(Base):
    """One analysed recording (one task, one side or both) and its full analysis JSON."""

    __tablename__ = "trials"
    __table_args__ = (
        UniqueConstraint(
            "athlete_id",
            "source_sha256",
            "task",
            "side",
            "software_version",
            name="uq_trial_identity",
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_sessions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    task: Mapped[str] = mapped_column(String(32), nullable=False)
    side: Mapped[str] = mapped_column(String(8), nullable=False)
    source_name: Mapped[str] = mapped_column(String(255), nullable=False)
    source_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    source_kind: Mapped[str | None] = mapped_column(String(32))
    software_version: Mapped[str] = mapped_column(String(32), nullable=False)
    model_name: Mapped[str | None] = mapped_column(String(64))
    model_sha256: Mapped[str | None] = mapped_column(String(64))
    schema_version: Mapped[str] = mapped_column(String(16), nullable=False)
    verdict: Mapped[str | None] = mapped_column(String(16))
    analysis: Mapped[dict[str, Any]] = mapped_column(JsonType, nullable=False)
    created_at: Mapped[dt.datetime] = _created()

    session: Mapped[AssessmentSession] = relationship(back_populates="trials")
    reps: Mapped[list[RepMetric]] = relationship(
        back_populates="trial",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(RepMetric.side, RepMetric.rep_index)",
    )
    artifacts: Mapped[list[Artifact]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class RepMetric(Base):
    """One rep of one side: the per-rep numbers copied out of the analysis JSON for querying."""

    __tablename__ = "rep_metrics"
    __table_args__ = (
        UniqueConstraint("trial_id", "rep_index", "side", name="uq_rep"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trial_id: Mapped[int] = mapped_column(
        ForeignKey("trials.id", ondelete="CASCADE"), nullable=False, index=True
    )
    rep_index: Mapped[int] = mapped_column(Integer, nullable=False)
    side: Mapped[str] = mapped_column(String(8), nullable=False)
    start_s: Mapped[float | None] = mapped_column(Float)
    end_s: Mapped[float | None] = mapped_column(Float)
    deepest_s: Mapped[float | None] = mapped_column(Float)
    fppa_deg: Mapped[float | None] = mapped_column(Float)
    fppa_max_deg: Mapped[float | None] = mapped_column(Float)
    dynamic_valgus_deg: Mapped[float | None] = mapped_column(Float)
    knee_over_foot: Mapped[float | None] = mapped_column(Float)
    kasr: Mapped[float | None] = mapped_column(Float)
    mkd: Mapped[float | None] = mapped_column(Float)
    hip_adduction_deg: Mapped[float | None] = mapped_column(Float)
    pelvic_drop_deg: Mapped[float | None] = mapped_column(Float)
    trunk_lean_deg: Mapped[float | None] = mapped_column(Float)
    knee_flexion_deg: Mapped[float | None] = mapped_column(Float)
    # What the verdict rests on (assess/headline.py; data/headlines.yaml): the measure and its value.
    headline_metric: Mapped[str | None] = mapped_column(String(40))
    headline_value: Mapped[float | None] = mapped_column(Float)
    verdict: Mapped[str] = mapped_column(String(16), nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)

    trial: Mapped[Trial] = relationship(back_populates="reps")


class Artifact(Base):
    """An output kept only on request: a file referenced by path, or the bytes themselves."""

    __tablename__ = "artifacts"
    __table_args__ = (
        CheckConstraint("path IS NOT NULL OR data IS NOT NULL", name="ck_artifact_has_content"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trial_id: Mapped[int] = mapped_column(
        ForeignKey("trials.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    media_type: Mapped[str | None] = mapped_column(String(64))
    path: Mapped[str | None] = mapped_column(Text)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = _created()


class ScreeningAnswers(Base):
    """The answers to the screening questionnaire (`valgus screen`), as given."""

    __tablename__ = "screening_answers"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    answered_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    answers: Mapped[dict[str, Any]] = mapped_column(JsonType, nullable=False)
    created_at: Mapped[dt.datetime] = _created()


class Program(Base):
    """A plan from `valgus plan` (causes, referral, program) stored as its JSON document."""

    __tablename__ = "programs"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    plan: Mapped[dict[str, Any]] = mapped_column(JsonType, nullable=False)
    created_at: Mapped[dt.datetime] = _created()


class AdherenceEntry(Base):
    """One day of the adherence log: program sessions done and pain after them (0-10)."""

    __tablename__ = "adherence_log"
    __table_args__ = (
        UniqueConstraint("athlete_id", "date", name="uq_adherence_day"),
        CheckConstraint("sessions_done >= 0", name="ck_adherence_sessions"),
        CheckConstraint("pain_after >= 0 AND pain_after <= 10", name="ck_adherence_pain"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    sessions_done: Mapped[int] = mapped_column(Integer, nullable=False)
    pain_after: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = _created()


class User(Base):
    """A person who logs in to the web app: admin, clinician, or a coach who sees only one team."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'clinician', 'coach')", name="ck_user_role"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    team: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = _created()


class AuditEntry(Base):
    """One line of the append-only audit log: who did what to which record, when."""

    __tablename__ = "audit_log"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = _created()
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    action: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    target: Mapped[str] = mapped_column(String(255), nullable=False)
    detail: Mapped[str | None] = mapped_column(Text)
