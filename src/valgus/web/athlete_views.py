"""Plain data for the athlete pages: trial rows and progress tables from the stored history."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def _side_value(summary: dict[str, Any], side: str) -> str:
    from valgus.web.views import deg

    s = summary.get(side) or {}
    if not s.get("n_reps"):
        return "—"
    head = s.get("headline")
    if isinstance(head, dict) and head.get("text"):
        return f"{head['text']} ({spec(head['metric']).short})"
    if s.get("fppa_mean_deg") is not None:
        return deg(s["fppa_mean_deg"])
    if s.get("fppa_descent_mean_deg") is not None:
        return f"{deg(s['fppa_descent_mean_deg'])} (descent)"
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


def progress_tables(result: Progress) -> list[dict[str, Any]]:
    """Per task and side: latest value, change vs previous and first, SDD and meaning."""
    tables = []
    for task in result.tasks:
        first = {c.metric: c for c in task.vs_first}
        prev = {c.metric: c for c in task.vs_previous}
        rows = []
        for metric in PROGRESS_METRICS:
            f, p = first.get(metric), prev.get(metric)
            if metric == "headline":
                if task.headline_metric is None:
                    continue
                head = spec(task.headline_metric)
                digits = 1 if head.unit == "deg" else 3
                label = f"Verdict rests on: {head.label}" + (
                    ", °" if head.unit == "deg" else " (leg lengths)"
                )
            else:
                digits = 3 if catalogue.spec(metric).unit == "leg_length" else 1
                label = metric_label(metric)
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
    }
