"""Athlete repository: add, find, list and delete (with everything that belongs to them)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from valgus.errors import StoreError
from valgus.store.models import AdherenceEntry, AssessmentSession, Athlete, Program, Trial

SEXES = ("female", "male")
LEGS = ("left", "right")


@dataclass(frozen=True)
class AthleteRecord:
    """An athlete as plain data (safe to use after the session is closed)."""

    code: str
    sex: str | None
    birth_year: int | None
    dominant_leg: str | None
    sport: str | None
    team: str | None
    n_sessions: int = 0
    n_trials: int = 0
    last_assessed: str | None = None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return asdict(self)


def _check_choice(name: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if value not in choices:
        raise StoreError(f"{name} must be one of {', '.join(choices)} (got {value!r})")
    return value


def validate_code(code: str) -> str:
    """A pseudonymous code: 1-64 visible characters, no spaces and none of / \\ ? # % (URLs)."""
    code = code.strip()
    if (
        not code
        or len(code) > 64
        or any(ch.isspace() or not ch.isprintable() or ch in "/\\?#%" for ch in code)
    ):
        shown = code[:70] + ("…" if len(code) > 70 else "")
        raise StoreError(
            f"athlete code {shown!r} must be 1-64 characters without spaces or / \\ ? # %"
        )
    return code


def add(
    session: Session,
    code: str,
    *,
    sex: str | None = None,
    birth_year: int | None = None,
    dominant_leg: str | None = None,
    sport: str | None = None,
    team: str | None = None,
) -> Athlete:
    """Create an athlete; a code already in use raises StoreError."""
    code = validate_code(code)
    if session.scalar(select(Athlete.id).where(Athlete.code == code)) is not None:
        raise StoreError(f"athlete {code} already exists; choose another code or use that athlete")
    if birth_year is not None and not 1900 <= birth_year <= 2100:
        raise StoreError(f"birth year {birth_year} is not a plausible year")
    athlete = Athlete(
        code=code,
        sex=_check_choice("sex", sex, SEXES),
        birth_year=birth_year,
        dominant_leg=_check_choice("dominant leg", dominant_leg, LEGS),
        sport=_check_text("sport", sport),
        team=_check_text("team", team),
    )
    session.add(athlete)
    session.flush()
    return athlete


def _check_text(name: str, value: str | None, limit: int = 64) -> str | None:
    """A short free-text field (sport, team): at most ``limit`` printable characters."""
    if value is None:
        return None
    value = value.strip()
    if len(value) > limit or not value.isprintable():
        raise StoreError(
            f"{name} must be at most {limit} printable characters "
            f"(got {len(value):,} characters starting {value[:20]!r})"
        )
    return value or None


def get(session: Session, code: str) -> Athlete:
    """The athlete with that code; StoreError when there is none."""
    athlete = session.scalar(select(Athlete).where(Athlete.code == code.strip()))
    if athlete is None:
        shown = code if len(code) <= 70 else f"{code[:70]}…"
        raise StoreError(f"no athlete with code {shown}; see `valgus athlete list` or add one")
    return athlete


def record(session: Session, athlete: Athlete) -> AthleteRecord:
    """Plain-data view of an athlete with session/trial counts."""
    n_sessions, last = session.execute(
        select(func.count(AssessmentSession.id), func.max(AssessmentSession.date)).where(
            AssessmentSession.athlete_id == athlete.id
        )
    ).one()
    n_trials = session.scalar(select(func.count(Trial.id)).where(Trial.athlete_id == athlete.id))
    return AthleteRecord(
        code=athlete.code,
        sex=athlete.sex,
        birth_year=athlete.birth_year,
        dominant_leg=athlete.dominant_leg,
        sport=athlete.sport,
        team=athlete.team,
        n_sessions=int(n_sessions),
        n_trials=int(n_trials or 0),
        last_assessed=last.isoformat() if last else None,
    )


def list_all(session: Session, team: str | None = None) -> list[Athlete]:
    """Every athlete (of one team when given), by code."""
    query = select(Athlete).order_by(Athlete.code)
    if team is not None:
        query = query.where(Athlete.team == team)
    return list(session.scalars(query))


def delete(session: Session, code: str) -> dict[str, int]:
    """Delete the athlete and everything that refers to them; returns what was removed."""
    athlete = get(session, code)
    counts = {
        "sessions": session.scalar(
            select(func.count()).where(AssessmentSession.athlete_id == athlete.id)
        )
        or 0,
        "trials": session.scalar(select(func.count()).where(Trial.athlete_id == athlete.id)) or 0,
        "programs": session.scalar(select(func.count()).where(Program.athlete_id == athlete.id))
        or 0,
        "adherence_days": session.scalar(
            select(func.count()).where(AdherenceEntry.athlete_id == athlete.id)
        )
        or 0,
    }
    session.delete(athlete)
    session.flush()
    return counts
