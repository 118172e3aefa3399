"""Screening answers, programs (plan JSON) and the adherence log of one athlete."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from valgus.errors import StoreError
from valgus.store import athletes
from valgus.store.models import AdherenceEntry, Program, ScreeningAnswers

MAX_PAIN = 10
MAX_SESSIONS = 7  # program sessions logged for one day (the web form offers 0-7 too)
MAX_NOTES = 2000  # characters of a note


def save_screening(
    session: Session, code: str, answers: dict[str, Any], answered_on: dt.date | None = None
) -> int:
    """Keep the screening answers as given."""
    athlete = athletes.get(session, code)
    row = ScreeningAnswers(
        athlete_id=athlete.id, answered_on=answered_on or dt.date.today(), answers=answers
    )
    session.add(row)
    session.flush()
    return row.id


def save_plan(
    session: Session, code: str, plan: dict[str, Any], created_on: dt.date | None = None
) -> int:
    """Keep a plan from `valgus plan` (causes, referral, program) as its JSON document."""
    if not isinstance(plan, dict):
        raise StoreError("a plan must be a JSON object from `valgus plan --json`")
    athlete = athletes.get(session, code)
    row = Program(athlete_id=athlete.id, created_on=created_on or dt.date.today(), plan=plan)
    session.add(row)
    session.flush()
    return row.id


def log_adherence(
    session: Session,
    code: str,
    date: dt.date,
    sessions_done: int,
    pain_after: int | None = None,
    notes: str | None = None,
) -> int:
    """Record one day (a second entry for the same day replaces the first)."""
    if not 0 <= sessions_done <= MAX_SESSIONS:
        shown = str(sessions_done) if abs(sessions_done) < 10**9 else "a huge number"
        raise StoreError(f"sessions done must be 0-{MAX_SESSIONS} (got {shown})")
    if notes is not None and len(notes) > MAX_NOTES:
        raise StoreError(
            f"the notes are {len(notes):,} characters long; keep them under {MAX_NOTES:,}"
        )
    if pain_after is not None and not 0 <= pain_after <= MAX_PAIN:
        raise StoreError(f"pain after the session must be 0-10 (got {pain_after})")
    athlete = athletes.get(session, code)
    row = session.scalar(
        select(AdherenceEntry).where(
            AdherenceEntry.athlete_id == athlete.id, AdherenceEntry.date == date
        )
    )
    if row is None:
        row = AdherenceEntry(athlete_id=athlete.id, date=date, sessions_done=sessions_done)
        session.add(row)
    row.sessions_done = sessions_done
    row.pain_after = pain_after
    row.notes = notes
    session.flush()
    return row.id
