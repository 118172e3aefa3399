"""Progress of one athlete: per task and side, latest vs previous and first, trend, adherence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from valgus.progress.adherence import AdherenceSummary, summarise
from valgus.progress.change import Change, compare
from valgus.progress.series import HEADLINE, METRICS, Series, build_series
from valgus.progress.settings import settings
from valgus.progress.trend import slope_per_week
from valgus.store.history import History


@dataclass(frozen=True)
class TaskProgress:
    """Progress of one task and side."""

    task: str
    side: str
    n_assessments: int
    first_date: dt.date
    latest_date: dt.date
    latest_fppa_deg: float | None
    headline_metric: str | None
    latest_headline: float | None
    latest: dict[str, float | None]
    vs_previous: list[Change]
    vs_first: list[Change]
    fppa_slope_deg_per_week: float | None
    headline_slope_per_week: float | None
    no_progress: bool

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {
            "task": self.task,
            "side": self.side,
            "n_assessments": self.n_assessments,
            "first_date": self.first_date.isoformat(),
            "latest_date": self.latest_date.isoformat(),
            "latest_fppa_deg": self.latest_fppa_deg,
            "headline_metric": self.headline_metric,
            "latest_headline": self.latest_headline,
            "headline_slope_per_week": self.headline_slope_per_week,
            "latest": self.latest,
            "vs_previous": [c.as_dict() for c in self.vs_previous],
            "vs_first": [c.as_dict() for c in self.vs_first],
            "fppa_slope_deg_per_week": self.fppa_slope_deg_per_week,
            "no_meaningful_improvement": self.no_progress,
        }


@dataclass(frozen=True)
class Progress:
    """All tasks of one athlete plus adherence since the first assessment."""

    code: str
    tasks: list[TaskProgress]
    adherence: AdherenceSummary
    series: list[Series]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dict (what `valgus progress --json` prints)."""
        return {
            "athlete": self.code,
            "tasks": [t.as_dict() for t in self.tasks],
            "adherence": self.adherence.as_dict(),
        }


def no_meaningful_improvement(series: Series, weeks: float | None = None) -> bool:
    """True when at least ``weeks`` (default 8 [R125a]) separate the first and latest assessment
    and the mean headline (what the verdicts rest on; like with like) has not fallen by more than
    its SDD over that time.

    The input for the referral rule "no progress after several weeks".
    """
    weeks = settings().no_progress_weeks if weeks is None else weeks
    if len(series.points) < 2:
        return False
    first, last = series.points[0], series.points[-1]
    if (last.date - first.date).days < weeks * 7:
        return False
    change = compare(first, last, (HEADLINE,))[0]
    return change.meaning != "improved" and change.delta is not None


def _task_progress(series: Series) -> TaskProgress:
    points = series.points
    latest = points[-1]
    previous = points[-2] if len(points) > 1 else latest
    fppa = latest.means.get("fppa_deg")
    head = latest.means.get(HEADLINE)
    same = [p for p in points if p.headline_metric == latest.headline_metric]
    return TaskProgress(
        task=series.task,
        side=series.side,
        n_assessments=len(points),
        first_date=points[0].date,
        latest_date=latest.date,
        latest_fppa_deg=None if fppa is None or fppa != fppa else round(fppa, 2),
        headline_metric=latest.headline_metric,
        latest_headline=None if head is None or head != head else round(head, 4),
        latest={
            m: None if (v := latest.means.get(m)) is None or v != v else round(float(v), 4)
            for m in METRICS
        },
        vs_previous=compare(previous, latest, METRICS) if len(points) > 1 else [],
        vs_first=compare(points[0], latest, METRICS) if len(points) > 1 else [],
        fppa_slope_deg_per_week=slope_per_week(series.days(), series.values("fppa_deg")),
        headline_slope_per_week=slope_per_week(
            Series(series.task, series.side, same).days(),
            Series(series.task, series.side, same).values(HEADLINE),
        ),
        no_progress=no_meaningful_improvement(series),
    )


def progress(history: History) -> Progress:
    """Progress of every task and side the athlete was assessed on."""
    series = build_series(history)
    start = history.sessions[0].date if history.sessions else None
    return Progress(
        code=history.athlete.code,
        tasks=[_task_progress(s) for s in series if s.points],
        adherence=summarise(history.adherence, start=start),
        series=series,
    )
