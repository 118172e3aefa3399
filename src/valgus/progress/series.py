"""One point per assessment day and (task, side): the mean of each per-rep metric."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from valgus.analysis.model import MeasurementError, part_of
from valgus.metrics.catalogue import keys_shown_in
from valgus.progress.settings import settings
from valgus.store.history import History

# "headline": the measure the verdicts rest on (assess/headline.py), averaged only over reps that
# rest on the same measure (Point.headline_metric); compared only between points of that measure.
HEADLINE = "headline"
METRICS = (HEADLINE, *keys_shown_in("progress"))  # the metric catalogue (valgus/data/metrics.yaml)


@dataclass(frozen=True)
class Point:
    """The means of one assessment for one task and side (NaN = no reading)."""

    date: dt.date
    session_id: int
    n_reps: int
    n_readings: int
    means: dict[str, float]
    fppa_sdd_deg: float
    headline_metric: str | None = None


@dataclass(frozen=True)
class Series:
    """All assessments of one task and side, oldest first."""

    task: str
    side: str
    points: list[Point] = field(default_factory=list)

    @property
    def key(self) -> str:
        """'task/side'."""
        return f"{self.task}/{self.side}"

    def values(self, metric: str) -> np.ndarray:
        """The metric's mean per assessment (NaN where there was no reading)."""
        return np.array([p.means.get(metric, np.nan) for p in self.points], dtype=float)

    def days(self) -> np.ndarray:
        """Days since the first assessment."""
        first = self.points[0].date if self.points else dt.date.today()
        return np.array([(p.date - first).days for p in self.points], dtype=float)


def _nanmean(values: list[float | None]) -> float:
    arr = np.array([np.nan if v is None else v for v in values], dtype=float)
    return float(np.nanmean(arr)) if np.isfinite(arr).any() else float("nan")


def _sdd(analysis: Mapping[str, Any]) -> float:
    """The stored analysis's own FPPA SDD, else the default (norms.yaml)."""
    error = part_of(analysis, "measurement_error", MeasurementError)
    return error.fppa_sdd_deg if error else settings().fppa_sdd_deg


def _headline(reps: list[dict]) -> tuple[str | None, float]:
    """The measure most of these reps' verdicts rest on, and its mean over those reps only."""
    read = [
        (r["headline_metric"], r["headline_value"])
        for r in reps
        if r.get("headline_metric")
        and r.get("headline_value") is not None
        and r.get("verdict") != "no_reading"
    ]
    if not read:
        return None, float("nan")
    keys = [k for k, _ in read]
    metric = max(dict.fromkeys(keys), key=keys.count)
    return metric, _nanmean([v for k, v in read if k == metric])


def build_series(history: History) -> list[Series]:
    """Group the reps of every trial by (task, side) and assessment day."""
    grouped: dict[tuple[str, str], list[Point]] = defaultdict(list)
    for session in history.sessions:
        reps_by_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
        sdd_by_key: dict[tuple[str, str], float] = {}
        for trial in session.trials:
            for rep in trial.reps:
                key = (trial.task, rep["side"])
                reps_by_key[key].append(rep)
                sdd_by_key[key] = max(sdd_by_key.get(key, 0.0), _sdd(trial.analysis))
        for key, reps in reps_by_key.items():
            means = {m: _nanmean([r.get(m) for r in reps]) for m in METRICS if m != HEADLINE}
            headline_metric, means[HEADLINE] = _headline(reps)
            grouped[key].append(
                Point(
                    date=session.date,
                    session_id=session.id,
                    n_reps=len(reps),
                    n_readings=sum(r.get("verdict") not in (None, "no_reading") for r in reps),
                    means=means,
                    fppa_sdd_deg=sdd_by_key[key],
                    headline_metric=headline_metric,
                )
            )
    return [Series(task, side, points) for (task, side), points in sorted(grouped.items())]
