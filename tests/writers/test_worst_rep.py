"""Which rep the worst-rep still shows, and at what time."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tests.writers.reps import make_rep

from valgus.analysis.model import Rep
from valgus.analysis.outputs import worst_rep


def rep(index: int, **metrics: tuple[float | None, float | None]) -> Rep:
    return make_rep(
        index,
        metrics={
            k: {"value": v, "time_s": t, "event": "descent_45_60" if "descent" in k else "peak"}
            for k, (v, t) in metrics.items()
        },
    )


def result(reps: list[Rep]) -> Any:
    return SimpleNamespace(reps=reps)  # worst_rep reads only the reps of the result


def test_largest_fppa_wins_and_the_descent_reading_stands_in_for_a_gated_peak() -> None:
    reps = [
        rep(1, fppa_deg=(6.0, 1.0), knee_over_foot=(0.3, 1.1)),
        rep(2, fppa_deg=(None, None), fppa_descent_deg=(14.0, 3.2)),
        rep(3, fppa_deg=(9.0, 5.0)),
    ]
    found = worst_rep(result(reps))
    assert found is not None and (found.rep.index, found.time_s) == (2, 3.2)
    assert found.caption() == (
        "worst rep: 2 left, FPPA +14 deg median over the descent at 45-60 deg knee flexion"
    )


def test_knee_over_foot_is_shown_when_no_rep_has_an_fppa_reading() -> None:
    reps = [
        rep(1, fppa_deg=(None, None), knee_over_foot=(0.02, 1.5)),
        rep(
            2,
            fppa_deg=(None, None),
            knee_over_foot=(None, None),
            knee_over_foot_descent=(0.09, 4.4),
        ),
    ]
    found = worst_rep(result(reps))
    assert found is not None and (found.rep.index, found.time_s) == (2, 4.4)
    assert found.caption() == (
        "worst rep: 2 left, knee 9% of leg length medial of the foot "
        "median over the descent at 45-60 deg knee flexion"
    )


def test_no_reading_no_still() -> None:
    assert worst_rep(result([rep(1, fppa_deg=(None, None))])) is None
    assert worst_rep(result([])) is None
