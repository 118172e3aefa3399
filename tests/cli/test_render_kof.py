"""The console's knee-over-foot column shows the value a verdict rests on."""

from __future__ import annotations

from tests.writers.reps import make_rep

from valgus.analysis.model import Rep
from valgus.cli.render import kof_cell


def rep(peak: float | None, descent: float | None) -> Rep:
    return make_rep(knee_over_foot=peak, metrics={"knee_over_foot_descent": {"value": descent}})


def test_peak_value_first_then_descent_then_dash() -> None:
    assert kof_cell(rep(0.06, -0.118)) == "6.0% medial"
    assert kof_cell(rep(None, -0.118)) == "11.8% lateral (descent)"
    assert kof_cell(rep(None, None)) == "—"
