"""Two assessment sessions side by side: per task and side, each measure's change and meaning."""

from __future__ import annotations

import math
from dataclasses import dataclass

from valgus.progress.change import Change, compare, judge_change
from valgus.progress.series import Point, build_series
from valgus.store.history import History, SessionRecord


@dataclass(frozen=True)
class SessionComparison:
    """One task and side measured in both sessions (``before`` / ``after`` are None when absent)."""

    task: str
    side: str
    before: Point | None
    after: Point | None
    changes: list[Change]
    headline: Change | None = None  # the measure the verdicts rest on (analysis JSON >= 1.2)
    headline_label: str = ""


def compare_sessions(
    history: History, before_id: int, after_id: int, metrics: tuple[str, ...]
) -> list[SessionComparison]:
    """Every (task, side) of either session; changes are judged against the SDD (down = better)."""
    out = []
    for series in build_series(history):
        points = {p.session_id: p for p in series.points}
        before, after = points.get(before_id), points.get(after_id)
        if before is None and after is None:
            continue
        changes = compare(before, after, metrics) if before and after else []
        headline, label = _headline_change(history, before_id, after_id, series.task, series.side)
        out.append(
            SessionComparison(series.task, series.side, before, after, changes, headline, label)
        )
    return out


def headline_mean(
    session: SessionRecord, task: str, side: str
) -> tuple[str, str, float, float | None] | None:
    """(metric, label, mean of the reps' headline values, SDD) of one session's task and side.

    None when no rep has a headline value, or when the reps rest on different measures.
    """
    found: dict[str, str] = {}
    values: list[float] = []
    sdds: list[float] = []
    for trial in session.trials:
        if trial.task != task:
            continue
        header = trial.analysis.get("headline") or {}
        for rep in trial.analysis.get("reps") or []:
            headline = rep.get("headline") or {}
            value = headline.get("value")
            if rep.get("side") != side or not isinstance(value, int | float):
                continue
            if not math.isfinite(value):
                continue
            found.setdefault(str(headline.get("metric")), str(headline.get("label") or ""))
            values.append(float(value))
            if header.get("metric") == headline.get("metric") and header.get("sdd"):
                sdds.append(float(header["sdd"]))
    if len(found) != 1 or not values:
        return None
    ((metric, label),) = found.items()
    return metric, label, sum(values) / len(values), max(sdds) if sdds else None


def _headline_change(
    history: History, before_id: int, after_id: int, task: str, side: str
) -> tuple[Change | None, str]:
    sessions = {s.id: s for s in history.sessions}
    if before_id not in sessions or after_id not in sessions:
        return None, ""
    before = headline_mean(sessions[before_id], task, side)
    after = headline_mean(sessions[after_id], task, side)
    if before is None or after is None or before[0] != after[0]:
        return None, ""
    sdd = max(before[3] or 0.0, after[3] or 0.0) or None
    delta = round(after[2] - before[2], 4)
    real, meaning = judge_change(delta, sdd)
    change = Change(before[0], round(before[2], 4), round(after[2], 4), delta, sdd, real, meaning)
    return change, before[1]
