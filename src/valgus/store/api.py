"""The store's public API: one function per action, each one transaction.

store = open_store()                      # or open_store("postgresql+psycopg://…")
add_athlete(store, "A01", sex="female")
trial_id = save_analysis(store, "A01", analysis_json, "clip.mp4")   # idempotent
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from valgus.store import athletes, history, records, trials
from valgus.store.athletes import AthleteRecord
from valgus.store.history import History
from valgus.store.store import Store, open_store
from valgus.store.trials import ArtifactIn

TrialId = int

__all__ = [
    "ArtifactIn",
    "AthleteRecord",
    "History",
    "Store",
    "TrialId",
    "add_athlete",
    "delete_athlete",
    "get_athlete",
    "list_athletes",
    "load_history",
    "log_adherence",
    "open_store",
    "save_analysis",
    "save_plan",
    "save_screening",
    "stored_analysis",
]


def add_athlete(
    store: Store,
    code: str,
    *,
    sex: str | None = None,
    birth_year: int | None = None,
    dominant_leg: str | None = None,
    sport: str | None = None,
    team: str | None = None,
) -> AthleteRecord:
    """Create an athlete (StoreError if the code is taken or a value is invalid)."""
    with store.unit_of_work() as session:
        athlete = athletes.add(
            session,
            code,
            sex=sex,
            birth_year=birth_year,
            dominant_leg=dominant_leg,
            sport=sport,
            team=team,
        )
        return athletes.record(session, athlete)


def get_athlete(store: Store, code: str) -> AthleteRecord:
    """One athlete with counts (StoreError if unknown)."""
    with store.unit_of_work() as session:
        return athletes.record(session, athletes.get(session, code))


def list_athletes(store: Store, team: str | None = None) -> list[AthleteRecord]:
    """All athletes, or one team's."""
    with store.unit_of_work() as session:
        return [athletes.record(session, a) for a in athletes.list_all(session, team)]


def delete_athlete(store: Store, code: str) -> dict[str, int]:
    """Delete the athlete and everything referring to them; returns the counts removed."""
    with store.unit_of_work() as session:
        return athletes.delete(session, code)


def save_analysis(
    store: Store,
    athlete_code: str,
    analysis: dict[str, Any],
    source_path: str | Path | None = None,
    *,
    date: dt.date | None = None,
    notes: str | None = None,
    artifacts: Sequence[ArtifactIn] = (),
) -> TrialId:
    """Store one `valgus analyze` result for the athlete, all or nothing.

    Idempotent: the same athlete + source SHA-256 + task + side + software version replaces the
    earlier trial (same id) instead of adding a second one. ``date`` is the assessment day
    (default today; a re-analysis keeps its day unless given). The video itself is never stored;
    pass ``artifacts`` to keep annotated outputs (by path, or embedded when ``embed=True``).
    """
    path = Path(source_path) if source_path is not None else None
    with store.unit_of_work() as session:
        return trials.save(
            session, athlete_code, analysis, path, date=date, notes=notes, artifacts=artifacts
        )


def stored_analysis(
    store: Store, athlete_code: str, source_sha256: str, task: str
) -> dict[str, Any] | None:
    """The analysis already stored for this athlete's clip (same content, task and software
    version), or None: a batch that is run again skips such clips."""
    from valgus import __version__

    with store.unit_of_work() as session:
        return trials.find_stored(session, athlete_code, source_sha256, task, __version__)


def save_plan(
    store: Store, code: str, plan: dict[str, Any], created_on: dt.date | None = None
) -> int:
    """Keep a `valgus plan` document for the athlete."""
    with store.unit_of_work() as session:
        return records.save_plan(session, code, plan, created_on)


def save_screening(
    store: Store, code: str, answers: dict[str, Any], answered_on: dt.date | None = None
) -> int:
    """Keep screening answers for the athlete."""
    with store.unit_of_work() as session:
        return records.save_screening(session, code, answers, answered_on)


def log_adherence(
    store: Store,
    code: str,
    date: dt.date,
    sessions_done: int,
    pain_after: int | None = None,
    notes: str | None = None,
) -> int:
    """Log program sessions done on a day and pain after them (0-10)."""
    with store.unit_of_work() as session:
        return records.log_adherence(session, code, date, sessions_done, pain_after, notes)


def load_history(store: Store, code: str) -> History:
    """Everything stored about the athlete, oldest first."""
    with store.unit_of_work() as session:
        return history.load(session, code)
