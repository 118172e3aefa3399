"""Change vs SDD, weekly slope, no-progress rule and adherence, on a synthetic history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from valgus.progress import judge_change, no_meaningful_improvement, progress
from valgus.progress.trend import slope_per_week
from valgus.store import add_athlete, load_history, log_adherence, open_store, save_analysis
from valgus.store.sample import sample_analysis

D0 = dt.date(2024, 1, 1)


@pytest.fixture
def store(tmp_path: Path):
    opened = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    add_athlete(opened, "A01", sex="female")
    yield opened
    opened.close()


def _assess(store, day: int, fppa: tuple[float, ...], name: str) -> None:
    save_analysis(
        store, "A01", sample_analysis(fppa, source_name=name), date=D0 + dt.timedelta(days=day)
    )


def test_judge_change_against_sdd() -> None:
    assert judge_change(-9.0, 8.9) == (True, "improved")
    assert judge_change(-8.9, 8.9) == (False, "no real change")
    assert judge_change(9.5, 8.9) == (True, "worse")
    assert judge_change(None, 8.9) == (None, "no reading")
    assert judge_change(1.0, None) == (None, "changed (no SDD)")


def test_slope_per_week_golden() -> None:
    days = np.array([0.0, 7.0, 14.0, 21.0])
    assert slope_per_week(days, np.array([20.0, 18.0, 16.0, 14.0])) == pytest.approx(-2.0)
    assert slope_per_week(days, np.array([20.0, np.nan, 16.0, np.nan])) == pytest.approx(-2.0)
    assert slope_per_week(days[:1], np.array([1.0])) is None


def test_progress_previous_first_and_trend(store) -> None:
    _assess(store, 0, (20.0, 22.0, 24.0), "w0.mp4")  # mean 22
    _assess(store, 28, (16.0, 18.0, 20.0), "w4.mp4")  # mean 18: -4 vs previous, not real
    _assess(store, 56, (10.0, 12.0, 11.0), "w8.mp4")  # mean 11: -7 vs prev, -11 vs first: real
    log_adherence(store, "A01", D0 + dt.timedelta(days=3), 2, 1)
    log_adherence(store, "A01", D0 + dt.timedelta(days=10), 3, 3)
    result = progress(load_history(store, "A01"))
    (task,) = result.tasks
    assert (task.task, task.side, task.n_assessments) == ("single-leg-squat", "left", 3)
    assert task.latest_fppa_deg == pytest.approx(11.0)
    prev = {c.metric: c for c in task.vs_previous}
    first = {c.metric: c for c in task.vs_first}
    assert prev["fppa_deg"].delta == pytest.approx(-7.0)
    assert prev["fppa_deg"].meaning == "no real change"
    assert first["fppa_deg"].delta == pytest.approx(-11.0)
    assert first["fppa_deg"].meaning == "improved" and first["fppa_deg"].real is True
    assert first["hip_adduction_deg"].delta == pytest.approx(-5.5)
    assert first["hip_adduction_deg"].real is None  # no SDD published: never called real
    # least squares through (0,22), (4,18), (8,11) weeks: slope -1.375 deg/week
    assert task.fppa_slope_deg_per_week == pytest.approx(-1.375)
    assert task.no_progress is False
    assert result.adherence.sessions_done == 5 and result.adherence.mean_pain == 2.0
    assert result.adherence.days_logged == 2
    assert result.as_dict()["tasks"][0]["no_meaningful_improvement"] is False


def test_no_meaningful_improvement_after_eight_weeks(store) -> None:
    _assess(store, 0, (20.0, 22.0), "a.mp4")
    _assess(store, 35, (19.0, 20.0), "b.mp4")
    (series,) = progress(load_history(store, "A01")).series
    assert no_meaningful_improvement(series) is False  # only 5 weeks apart
    assert no_meaningful_improvement(series, weeks=4) is True  # -1.5 deg is within the SDD
    _assess(store, 63, (19.0, 21.0), "c.mp4")
    (task,) = progress(load_history(store, "A01")).tasks
    assert task.no_progress is True


def test_sdd_comes_from_the_analysis(store) -> None:
    save_analysis(store, "A01", sample_analysis((20.0,), sdd=5.0, source_name="x"), date=D0)
    save_analysis(
        store,
        "A01",
        sample_analysis((14.0,), sdd=5.0, source_name="y"),
        date=D0 + dt.timedelta(days=7),
    )
    (task,) = progress(load_history(store, "A01")).tasks
    change = next(c for c in task.vs_first if c.metric == "fppa_deg")
    assert (change.sdd, change.meaning) == (5.0, "improved")
