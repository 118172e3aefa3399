"""Saving one analysis: find-or-create the assessment session, replace-or-insert the trial."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from valgus.errors import StoreError
from valgus.store import athletes
from valgus.store.models import Artifact, AssessmentSession, Athlete, RepMetric, Trial
from valgus.store.rows import identity, rep_rows

CHUNK = 1 << 20


@dataclass(frozen=True)
class ArtifactIn:
    """An output to keep with the trial: by path (default) or as bytes (``embed=True``)."""

    kind: str  # e.g. "annotated_video", "worst_rep_still", "source_video"
    path: Path
    embed: bool = False
    media_type: str | None = None


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def lock_athlete(session: Session, athlete: Athlete) -> None:
    """Serialise writers of one athlete on PostgreSQL (SQLite already holds the write lock)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:a, :b)"), {"a": 1, "b": athlete.id})


def session_for(session: Session, athlete: Athlete, date: dt.date) -> AssessmentSession:
    """The athlete's assessment session on that date, created when missing."""
    found = session.scalar(
        select(AssessmentSession).where(
            AssessmentSession.athlete_id == athlete.id, AssessmentSession.date == date
        )
    )
    if found is None:
        found = AssessmentSession(athlete_id=athlete.id, date=date, tasks=[])
        session.add(found)
        session.flush()
    return found


def _artifact(item: ArtifactIn) -> Artifact:
    if not item.path.is_file():
        raise StoreError(f"cannot keep {item.path}: the file does not exist")
    data = item.path.read_bytes() if item.embed else None
    return Artifact(
        kind=item.kind,
        media_type=item.media_type,
        sha256=file_sha256(item.path),
        path=None if item.embed else str(item.path.resolve()),
        data=data,
    )


def save(
    session: Session,
    athlete_code: str,
    analysis: dict[str, Any],
    source_path: Path | None = None,
    *,
    date: dt.date | None = None,
    notes: str | None = None,
    artifacts: Sequence[ArtifactIn] = (),
) -> int:
    """Store one analysis (idempotent on athlete+sha256+task+side+software version)."""
    athlete = athletes.get(session, athlete_code)
    lock_athlete(session, athlete)
    sha = file_sha256(source_path) if source_path is not None and source_path.is_file() else None
    columns = identity(analysis, source_path.name if source_path else None, sha)
    rows = rep_rows(analysis)
    trial = session.scalar(
        select(Trial).where(
            Trial.athlete_id == athlete.id,
            Trial.source_sha256 == columns["source_sha256"],
            Trial.task == columns["task"],
            Trial.side == columns["side"],
            Trial.software_version == columns["software_version"],
        )
    )
    if trial is None:
        assessment = session_for(session, athlete, date or dt.date.today())
        trial = Trial(athlete_id=athlete.id, session_id=assessment.id, analysis=analysis, **columns)
        session.add(trial)
    else:  # re-analysis: replace the content, keep the id
        if date is not None:
            trial.session_id = session_for(session, athlete, date).id
        for key, value in columns.items():
            setattr(trial, key, value)
        trial.analysis = analysis
        trial.reps.clear()
        trial.artifacts.clear()
        session.flush()
    trial.reps.extend(RepMetric(**row) for row in rows)
    trial.artifacts.extend(_artifact(item) for item in artifacts)
    session.flush()
    stored = session.get(AssessmentSession, trial.session_id)
    assert stored is not None
    assessment = stored
    if columns["task"] not in assessment.tasks:
        assessment.tasks = sorted([*assessment.tasks, columns["task"]])
    if notes:
        assessment.notes = notes
    session.flush()
    return trial.id


def find_stored(
    session: Session, athlete_code: str, source_sha256: str, task: str, software_version: str
) -> dict[str, Any] | None:
    """The stored analysis of this athlete's clip (by content hash) for the task, if any."""
    trial = session.scalar(
        select(Trial)
        .join(Athlete, Athlete.id == Trial.athlete_id)
        .where(
            Athlete.code == athlete_code.strip(),
            Trial.source_sha256 == source_sha256,
            Trial.task == task,
            Trial.software_version == software_version,
        )
        .order_by(Trial.id)
        .limit(1)
    )
    return None if trial is None else dict(trial.analysis)
