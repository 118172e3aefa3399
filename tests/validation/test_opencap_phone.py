"""OpenCap marker squats through a virtual phone: every rep gets the squat headline, close to the
markers' own frontal-plane offset (validation/suites/opencap_phone.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from valgus.analysis.load import load_recording
from valgus.analysis.pipeline import analyze_recording
from valgus.validation.suites import opencap_phone
from valgus.validation.suites.yaw_correction import descent_medians

TRC = Path(__file__).resolve().parents[2].parent / "shared/data/opencap_subject4_nimble/MarkerData"


@pytest.mark.realdata
@pytest.mark.parametrize("trial", opencap_phone.TRIALS)
def test_every_opencap_squat_rep_gets_a_headline_close_to_the_markers(trial: str) -> None:
    if not (TRC / trial).exists():
        pytest.skip(f"{TRC / trial} is absent (shared data)")
    rec = load_recording(TRC / trial)
    a = analyze_recording(opencap_phone.film(rec, 0.0, 3.0), "bilateral-squat")
    assert len({r.index for r in a.reps}) == 5
    values = [r.metrics.value("knee_over_foot_descent") for r in a.reps]
    assert all(v is not None for v in values)
    assert all(r.verdict.basis == "knee_over_foot_descent" for r in a.reps)
    truth = descent_medians(a, opencap_phone.truth_series(rec))
    err = np.array(values, dtype=float) - np.array(truth)
    assert np.sqrt(np.mean(err**2)) < 0.012  # leg lengths (~1 cm)
