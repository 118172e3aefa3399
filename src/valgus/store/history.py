"""Everything stored about one athlete, as plain data for progress, reports and export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from valgus.metrics.catalogue import catalogue, rep_value
from valgus.store import athletes
from valgus.store.athletes import AthleteRecord
from valgus.store.models import AssessmentSession, RepMetric, Trial
from valgus.store.rows import METRIC_COLUMNS, TOP_LEVEL_COLUMNS

REP_FIELDS = (
    "rep_index",
    "side",
    *TOP_LEVEL_COLUMNS,
    *METRIC_COLUMNS,
    "headline_metric",
    "headline_value",
    "verdict",
    "reason",
)


@dataclass(frozen=True)
class TrialRecord:
    """One stored trial with its analysis JSON and rep rows."""

    id: int
    task: str
    side: str
    source_name: str
    source_sha256: str
    software_version: str
    model_name: str | None
    verdict: str | None
    analysis: dict[str, Any]
    reps: list[dict[str, Any]]


@dataclass(frozen=True)
class SessionRecord:
    """One assessment day."""

    id: int
    date: dt.date
    tasks: list[str]
    notes: str | None
    trials: list[TrialRecord]


@dataclass(frozen=True)
class AdherenceRecord:
    """One logged day of the program."""

    date: dt.date
    sessions_done: int
    pain_after: int | None
    notes: str | None


@dataclass(frozen=True)
class PlanRecord:
    """One stored plan."""

    id: int
    created_on: dt.date
    plan: dict[str, Any]


@dataclass(frozen=True)
class History:
    """An athlete and everything kept about them, oldest first."""

    athlete: AthleteRecord
    sessions: list[SessionRecord]
    plans: list[PlanRecord] = field(default_factory=list)
    adherence: list[AdherenceRecord] = field(default_factory=list)
    screenings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def latest_plan(self) -> dict[str, Any] | None:
        """The newest plan document, or None."""
        return self.plans[-1].plan if self.plans else None


def _trial(trial: Trial) -> TrialRecord:
    return TrialRecord(
        id=trial.id,
        task=trial.task,
        side=trial.side,
        source_name=trial.source_name,
        source_sha256=trial.source_sha256,
        software_version=trial.software_version,
        model_name=trial.model_name,
        verdict=trial.verdict,
        analysis=dict(trial.analysis),
        reps=[_rep_row(rep, trial.analysis) for rep in trial.reps],
    )


def _rep_row(rep: RepMetric, analysis: dict[str, Any]) -> dict[str, Any]:
    """A stored rep row; every catalogue metric without a column of its own is read from the
    stored analysis JSON (so a new metric reaches progress and exports without a migration)."""
    row = {name: getattr(rep, name) for name in REP_FIELDS}
    extra = [key for key in catalogue() if key not in row]
    if extra:
        found: dict[str, Any] = next(
            (
                r
                for r in analysis.get("reps") or []
                if r.get("index") == rep.rep_index and r.get("side") == rep.side
            ),
            {},
        )
        row.update({key: rep_value(found, key) for key in extra})
    return row


def load(session: Session, code: str) -> History:
    """Read the athlete's whole history (StoreError for an unknown code)."""
    athlete = athletes.get(session, code)
    sessions = session.scalars(
        select(AssessmentSession)
        .where(AssessmentSession.athlete_id == athlete.id)
        .order_by(AssessmentSession.date)
        .options(selectinload(AssessmentSession.trials).selectinload(Trial.reps))
    ).all()
    return History(
        athlete=athletes.record(session, athlete),
        sessions=[
            SessionRecord(
                id=s.id,
                date=s.date,
                tasks=list(s.tasks),
                notes=s.notes,
                trials=[_trial(t) for t in s.trials],
            )
            for s in sessions
        ],
        plans=[
            PlanRecord(id=p.id, created_on=p.created_on, plan=dict(p.plan))
            for p in athlete.programs
        ],
        adherence=[
            AdherenceRecord(
                date=a.date, sessions_done=a.sessions_done, pain_after=a.pain_after, notes=a.notes
            )
            for a in athlete.adherence
        ],
        screenings=[
            {"answered_on": s.answered_on.isoformat(), "answers": dict(s.answers)}
            for s in sorted(athlete.screenings, key=lambda s: s.answered_on)
        ],
    )
