"""Headline of a session: the mean of the reps' headline values, never mixing two measures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from valgus.progress.sessions import headline_mean
from valgus.store.history import SessionRecord, TrialRecord


def _rep(side: str, metric: str, value: float | None) -> dict[str, Any]:
    return {"side": side, "headline": {"metric": metric, "label": metric, "value": value}}


def _session(reps: list[dict[str, Any]], sdd: float = 6.0) -> SessionRecord:
    analysis = {"headline": {"metric": "fppa_descent_deg", "sdd": sdd}, "reps": reps}
    trial = TrialRecord(
        1, "bilateral-squat", "both", "a.mp4", "0" * 64, "1", None, None, analysis, []
    )
    return SessionRecord(1, dt.date(2026, 1, 1), ["bilateral-squat"], None, [trial])


def test_mean_of_one_sides_headline_values_with_its_sdd() -> None:
    session = _session(
        [
            _rep("left", "fppa_descent_deg", 4.0),
            _rep("left", "fppa_descent_deg", 8.0),
            _rep("left", "fppa_descent_deg", None),
            _rep("right", "fppa_descent_deg", 20.0),
        ]
    )
    assert headline_mean(session, "bilateral-squat", "left") == (
        "fppa_descent_deg",
        "fppa_descent_deg",
        6.0,
        6.0,
    )
    assert headline_mean(session, "single-leg-squat", "left") is None


def test_two_measures_are_never_averaged() -> None:
    session = _session(
        [_rep("left", "fppa_descent_deg", 4.0), _rep("left", "knee_over_foot_descent", 0.1)]
    )
    assert headline_mean(session, "bilateral-squat", "left") is None
