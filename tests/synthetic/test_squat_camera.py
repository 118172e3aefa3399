"""Synthetic deep squats filmed by a pinhole phone camera: the squat headline against truth."""

from __future__ import annotations

import numpy as np
import pytest

from valgus.analysis.pipeline import analyze_recording
from valgus.analysis.result import to_json_dict
from valgus.synthetic import squat_trial
from valgus.synthetic_camera import Camera, film, knee_over_toe_truth
from valgus.validation.suites.squat_headline import measure, truth_per_rep

VALGUS = [-30.0, 0.0, 30.0, 60.0, 80.0]


@pytest.fixture(scope="module")
def deep() -> object:
    return squat_trial(len(VALGUS), valgus_deg=VALGUS, peak_flexion_deg=120.0, fps=30.0)


def test_the_camera_sees_a_front_view_with_the_yaw_it_was_given(deep: object) -> None:
    for yaw in (0.0, 10.0):
        rec = film(deep, Camera(distance_m=3.0, yaw_deg=yaw, orientation="landscape"))  # type: ignore[arg-type]
        assert rec.image_size == (1920, 1080)
        data = to_json_dict(analyze_recording(rec, "bilateral-squat"))
        assert data["camera"]["view"] == "front"
        assert data["camera"]["yaw_deg"] == pytest.approx(yaw, abs=0.5)


def test_truth_is_the_knee_offset_from_the_toe_in_the_frontal_plane(deep: object) -> None:
    truth = knee_over_toe_truth(deep)  # type: ignore[arg-type]
    assert truth[0] == pytest.approx([0.0, 0.0], abs=1e-9)  # standing: knee above the toe
    per_rep = [left for left, _ in truth_per_rep(deep)]  # type: ignore[arg-type]
    assert np.all(np.diff(per_rep) > 0)  # more FPPA at depth -> knee further in, in the descent
    assert per_rep[0] < 0 < per_rep[-1]


@pytest.mark.parametrize("yaw", [0.0, 15.0])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_deep_squat_headline_error_and_verdicts_up_to_15_degrees(
    yaw: float, orientation: str
) -> None:
    """Every rep-side gets a reading near the truth (docs/validation.md table) and the verdict
    the true value would get, at 90° and 120° of knee flexion, 2.5 m from the camera."""
    for flexion in (90.0, 120.0):
        trial = squat_trial(len(VALGUS), valgus_deg=VALGUS, peak_flexion_deg=flexion, fps=30.0)
        found = measure(trial, Camera(distance_m=2.5, yaw_deg=yaw, orientation=orientation))  # type: ignore[arg-type]
        assert len(found) == 2 * len(VALGUS)
        errors = np.array([m - t for m, t, _, _ in found])
        assert np.all(np.isfinite(errors))
        assert np.max(np.abs(errors)) < 0.02
        assert [v for _, _, v, _ in found] == [tv for _, _, _, tv in found]
    assert {tv for _, _, _, tv in found} >= {"normal", "borderline"}


def test_knees_in_reps_score_worse_than_knees_out_reps_at_20_degrees() -> None:
    trial = squat_trial(2, valgus_deg=[-30.0, 80.0], peak_flexion_deg=90.0, fps=30.0)
    data = to_json_dict(
        analyze_recording(film(trial, Camera(distance_m=2.5, yaw_deg=20.0)), "bilateral-squat")
    )
    out = [r for r in data["reps"] if r["index"] == 1]
    knees_in = [r for r in data["reps"] if r["index"] == 2]
    assert {r["verdict"] for r in out} == {"normal"}
    assert {r["verdict"] for r in knees_in} == {"excessive"}
    assert max(r["headline"]["value"] for r in out) < min(r["headline"]["value"] for r in knees_in)
