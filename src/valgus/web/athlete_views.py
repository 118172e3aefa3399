"""Plain data for the athlete pages: trial rows and progress tables from the stored history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from valgus.analysis.model import SideSummary, part_of
from valgus.assess.headline import spec
from valgus.metrics import catalogue
from valgus.progress import Progress
from valgus.store.history import History
from valgus.web.results import results_by_trial

PROGRESS_METRICS = ("headline", *catalogue.keys_shown_in("trend"))  # valgus/data/metrics.yaml


def metric_label(key: str) -> str:
    """'Hip adduction, °' / 'Knee over foot at peak (leg lengths)' from the catalogue."""
    m = catalogue.spec(key)
    return f"{m.label}, °" if m.unit == "deg" else f"{m.label} ({m.unit.replace('_', ' ')}s)"


MEANING_CLASS = {"improved": "good", "worse": "bad", "no real change": "warn"}


@dataclass(frozen=True)
class TrialRow:
    date: str
    trial_id: int
    task: str
    side: str
    source: str
    verdict: str
    left: str
    right: str
    job_id: str | None


def _side_value(summary: Any, side: str) -> str:
    """One side of a stored analysis's summary: what its verdict rests on (mean)."""
    from valgus.web.views import deg

    s = part_of(summary, side, SideSummary)
    if s is None or not s.n_reps:
        return "—"
    if s.headline is not None:
        return f"{s.headline.text} ({spec(s.headline.metric).short})"
    if s.fppa_mean_deg is not None:
        return deg(s.fppa_mean_deg)
    if s.fppa_descent_mean_deg is not None:
        return f"{deg(s.fppa_descent_mean_deg)} (descent)"
    return "no reading"


def trial_rows(history: History, results_dir: Path) -> list[TrialRow]:
    """One row per stored trial, newest first, linked to its web result when it has one."""
    rows = []
    linked = results_by_trial(results_dir, history.athlete.code)
    for session in history.sessions:
        for trial in session.trials:
            data = trial.analysis
            summary = data.get("summary") or {}
            rows.append(
                TrialRow(
                    date=session.date.isoformat(),
                    trial_id=trial.id,
                    task=trial.task,
                    side=trial.side,
                    source=trial.source_name,
                    verdict=trial.verdict or data.get("verdict") or "no_reading",
                    left=_side_value(summary, "left"),
                    right=_side_value(summary, "right"),
                    job_id=linked.get(trial.id),
                )
            )
    return rows[::-1]


def row_label(metric: str, headline_metric: str | None) -> tuple[str, int]:
    """A progress measure's label and decimals ("headline": the measure the verdicts rest on)."""
    if metric == "headline" and headline_metric is not None:
        head = spec(headline_metric)
        unit = ", °" if head.unit == "deg" else " (leg lengths)"
        return f"Verdict rests on: {head.label}{unit}", 1 if head.unit == "deg" else 3
    return metric_label(metric), 3 if catalogue.spec(metric).unit == "leg_length" else 1


def progress_tables(result: Progress) -> list[dict[str, Any]]:
    """Per task and side: latest value, change vs previous and first, SDD and meaning."""
    tables = []
    for task in result.tasks:
        first = {c.metric: c for c in task.vs_first}
        prev = {c.metric: c for c in task.vs_previous}
        rows = []
        for metric in PROGRESS_METRICS:
            f, p = first.get(metric), prev.get(metric)
            if metric == "headline" and task.headline_metric is None:
                continue
            label, digits = row_label(metric, task.headline_metric)
            meaning = f.meaning if f else "first assessment"
            rows.append(
                {
                    "label": label,
                    "latest": task.latest.get(metric),
                    "vs_previous": p.delta if p else None,
                    "vs_first": f.delta if f else None,
                    "sdd": f.sdd if f else None,
                    "meaning": meaning,
                    "css": MEANING_CLASS.get(meaning, "muted"),
                    "digits": digits,
                }
            )
        tables.append({"task": task, "rows": rows})
    return tables


def page_data(history: History, results_dir: Path) -> dict[str, Any]:
    """Everything the athlete detail page shows."""
    from valgus.progress import progress

    result = progress(history)
    adherence = result.adherence
    return {
        "athlete": history.athlete,
        "trials": trial_rows(history, results_dir),
        "progress": progress_tables(result),
        "adherence": adherence.as_dict() if adherence.days_logged else None,
        "progress_json": result.as_dict(),
        "plan": history.latest_plan,
        "adherence_log": history.adherence[::-1][:12],
        "today": dt.date.today().isoformat(),
    }


@dataclass(frozen=True)
class SessionMedia:
    """One trial of a compared session with its web result's still and plot (when it has them)."""

    task: str
    source: str
    job_id: str | None
    still: bool
    plot: bool


def _media(history: History, session_id: int, results_dir: Path) -> list[SessionMedia]:
    from valgus.web.results import folder_of, read_meta

    linked = results_by_trial(results_dir, history.athlete.code)
    out = []
    for session in history.sessions:
        if session.id != session_id:
            continue
        for trial in session.trials:
            job = linked.get(trial.id)
            files = read_meta(folder_of(results_dir, job)).files if job else {}
            out.append(
                SessionMedia(trial.task, trial.source_name, job, "still" in files, "plot" in files)
            )
    return out


def compare_data(
    history: History, results_dir: Path, before: int | None, after: int | None
) -> dict[str, Any]:
    """Two sessions side by side (default: the first and the latest)."""
    from valgus.progress.sessions import compare_sessions
    from valgus.web.errors import NotFoundError

    sessions = history.sessions
    ids = [s.id for s in sessions]
    if len(ids) >= 2:
        before = ids[0] if before is None else before
        after = ids[-1] if after is None else after
    for chosen in (before, after):
        if chosen is not None and chosen not in ids:
            raise NotFoundError(f"{history.athlete.code} has no assessment session {chosen}")
    dates = {s.id: s.date.isoformat() for s in sessions}
    rows = []
    if before is not None and after is not None:
        for item in compare_sessions(history, before, after, PROGRESS_METRICS):
            changes = []
            for c in item.changes:
                if c.metric == "headline" and item.headline_metric is None:
                    continue
                label, digits = row_label(c.metric, item.headline_metric)
                changes.append(
                    {
                        "label": label,
                        "before": c.before,
                        "after": c.after,
                        "delta": c.delta,
                        "sdd": c.sdd,
                        "meaning": c.meaning,
                        "css": MEANING_CLASS.get(c.meaning, "muted"),
                        "digits": digits,
                        "strong": c.metric == "headline",
                    }
                )
            rows.append({"item": item, "changes": changes})
    return {
        "athlete": history.athlete,
        "sessions": [(s.id, s.date.isoformat(), len(s.trials)) for s in sessions],
        "before": before,
        "after": after,
        "dates": dates,
        "rows": rows,
        "media": {
            sid: _media(history, sid, results_dir) for sid in (before, after) if sid is not None
        },
    }
