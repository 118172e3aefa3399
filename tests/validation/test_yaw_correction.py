"""The camera-yaw correction tried for the squat headline (validation/suites/yaw_correction.py)."""

from __future__ import annotations

import numpy as np
import pytest

from valgus import synthetic
from valgus.analysis.pipeline import analyze_recording
from valgus.skeleton import SIDES
from valgus.validation.suites import deep_squat, yaw_correction


def _errors(yaw: float) -> dict[str, float]:
    trial = synthetic.deep_squat_trial(
        3, knee_medial_m=deep_squat.KNEE_MEDIAL_M, peak_flexion_deg=110.0, toe_out_deg=20.0
    )
    size = deep_squat.ORIENTATIONS["portrait"]
    rec = synthetic.project_to_camera(
        trial.recording,
        yaw_deg=yaw,
        distance_m=2.5,
        focal_px=deep_squat.focal_px(size),
        image_size=size,
        with_world=True,
    )
    a = analyze_recording(rec, "bilateral-squat")
    series, psi = yaw_correction.variants(a)
    assert psi == pytest.approx(-yaw, abs=0.5) or psi == pytest.approx(yaw, abs=0.5)
    truth = synthetic.window_truth(trial)
    out = {}
    for name, s in series.items():
        meds = yaw_correction.descent_medians(a, s)
        e = [m - truth[r.index - 1][SIDES.index(r.side)] for r, m in zip(a.reps, meds, strict=True)]
        out[name] = float(np.sqrt(np.mean(np.square(e))))
    # The window medians of the image series are the pipeline's own headline values.
    image = yaw_correction.descent_medians(a, series["image"])
    assert image == pytest.approx([r.metrics.value("knee_over_foot_descent") for r in a.reps])
    return out


def test_correction_helps_on_synthetic_yaw_and_is_neutral_square_on() -> None:
    square, turned = _errors(0.0), _errors(20.0)
    assert square["hybrid"] == pytest.approx(square["image"], abs=1e-9)
    assert turned["image"] > 0.006  # leg lengths: what 20° of yaw does uncorrected
    assert turned["hybrid"] < 0.6 * turned["image"]
    assert turned["world"] < 0.005  # exact world landmarks (synthetic only)
