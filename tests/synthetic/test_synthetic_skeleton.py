"""The synthetic skeleton's ground truth against independent computations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from valgus.io.readers import read_motion
from valgus.skeleton import INDEX
from valgus.synthetic import drop_jump_trial, project_to_camera, squat_trial, write_trc

SIDES = ("left", "right")


def _lab_fppa(positions: np.ndarray, up: np.ndarray, forward: np.ndarray) -> np.ndarray:
    """(T, 2) FPPA from lab points: project on the plane spanned by the person's right and up."""
    right = np.cross(forward, up)
    out = []
    for side, medial_r in (("left", 1.0), ("right", -1.0)):
        h, k, a = (positions[:, INDEX[f"{side}_{p}"]] for p in ("hip", "knee", "ankle"))
        h2, k2, a2 = (np.stack([p @ right, p @ up], axis=1) for p in (h, k, a))
        thigh, shank = k2 - h2, a2 - k2
        cos = (
            np.sum(thigh * shank, 1) / np.linalg.norm(thigh, axis=1) / np.linalg.norm(shank, axis=1)
        )
        angle = np.degrees(np.arccos(np.clip(cos, -1, 1)))
        line = a2 - h2
        t = np.sum((k2 - h2) * line, 1) / np.sum(line * line, 1)
        offset_r = (k2 - (h2 + t[:, None] * line))[:, 0]
        out.append(np.sign(offset_r * medial_r) * angle)
    return np.stack(out, axis=1)


def _forward(up_axis: str, yaw_deg: float) -> np.ndarray:
    y = np.radians(yaw_deg)
    if up_axis == "z":  # forward +Y at heading 0, right +X
        return np.array([-np.sin(y), np.cos(y), 0.0])
    return np.array([np.cos(y), 0.0, -np.sin(y)])  # y up: forward +X, right +Z; ccw from above


@pytest.mark.parametrize(("up_axis", "yaw"), [("z", 0.0), ("z", 35.0), ("y", -50.0)])
def test_truth_fppa_matches_independent_computation(up_axis: str, yaw: float) -> None:
    trial = squat_trial(
        3, valgus_deg=[4.0, 12.0, 25.0], peak_flexion_deg=[60, 90, 110], yaw_deg=yaw, up=up_axis
    )
    w = trial.recording.world
    up = np.array([0.0, 0.0, 1.0]) if up_axis == "z" else np.array([0.0, 1.0, 0.0])
    assert np.allclose(w.up, up)
    independent = _lab_fppa(w.positions, up, _forward(up_axis, yaw))
    moving = trial.knee_flexion_deg > 1.0
    assert np.allclose(independent[moving], trial.fppa_deg[moving], atol=1e-6)
    deepest = trial.rep_frames[:, 1]
    assert np.allclose(trial.fppa_deg[deepest], [[4, 4], [12, 12], [25, 25]], atol=1e-6)
    assert np.allclose(trial.knee_flexion_deg[deepest], [[60, 60], [90, 90], [110, 110]])
    assert np.allclose(trial.fppa_deg[0], 0.0) and np.allclose(trial.knee_flexion_deg[0], 0.0)


def test_segment_lengths_are_constant() -> None:
    trial = squat_trial(2, valgus_deg=20, peak_flexion_deg=100, yaw_deg=10)
    p = trial.recording.world.positions
    for side in SIDES:
        thigh = np.linalg.norm(p[:, INDEX[f"{side}_knee"]] - p[:, INDEX[f"{side}_hip"]], axis=1)
        shank = np.linalg.norm(p[:, INDEX[f"{side}_ankle"]] - p[:, INDEX[f"{side}_knee"]], axis=1)
        foot = np.linalg.norm(p[:, INDEX[f"{side}_toe"]] - p[:, INDEX[f"{side}_heel"]], axis=1)
        assert np.allclose(thigh, 0.42) and np.allclose(shank, 0.41) and np.allclose(foot, 0.20)
    hips = np.linalg.norm(p[:, INDEX["left_hip"]] - p[:, INDEX["right_hip"]], axis=1)
    assert np.allclose(hips, 0.18)


def test_reps_pauses_and_medial_displacement() -> None:
    trial = squat_trial(
        3,
        valgus_deg={"left": [0, 10, 20], "right": -5},
        rep_s=2.0,
        pause_s=1.0,
        stand_s=1.0,
        fps=50,
    )
    frames = trial.rep_frames
    assert frames[0].tolist() == [50, 100, 150]
    assert (frames[1:, 0] - frames[:-1, 2]).tolist() == [51, 51]  # 1 s pause
    left = [r.medial_displacement_mm[0] for r in trial.reps]
    assert left[0] == pytest.approx(0.0, abs=1e-9) and 0 < left[1] < left[2]
    assert all(r.medial_displacement_mm[1] < 0 for r in trial.reps)  # varus right knee
    assert trial.fppa_deg[frames[2, 1]].tolist() == pytest.approx([20.0, -5.0])


def test_single_leg_squat() -> None:
    trial = squat_trial(2, valgus_deg=15, stance="right", peak_flexion_deg=70)
    p = trial.recording.world.positions
    deepest = trial.rep_frames[0, 1]
    assert trial.fppa_deg[deepest].tolist() == pytest.approx([0.0, 15.0])
    assert trial.knee_flexion_deg[deepest].tolist() == pytest.approx([70.0, 70.0])
    # the free (left) foot is off the floor, the stance foot on it
    assert p[deepest, INDEX["left_ankle"], 2] > 0.15
    assert p[deepest, INDEX["right_ankle"], 2] == pytest.approx(0.08)


def test_drop_jump_events() -> None:
    trial = drop_jump_trial(box_height_m=0.30, valgus_deg=12, peak_flexion_deg=80, fps=100)
    ic = trial.ic_frames[0]
    ankle_h = trial.recording.world.positions[:, INDEX["left_ankle"], 2]
    assert ankle_h[0] == pytest.approx(0.38)  # on the box
    assert ankle_h[ic] == pytest.approx(0.08) and ankle_h[ic - 1] > 0.08
    # free fall from 0.30 m lasts sqrt(2 h / g) = 0.247 s
    fall_start = int(np.argmax(ankle_h < 0.38 - 1e-9)) - 1
    assert (ic - fall_start) / 100 == pytest.approx(0.247, abs=0.015)
    start, deepest, _ = trial.rep_frames[0]
    assert start == ic
    assert trial.fppa_deg[deepest].tolist() == pytest.approx([12.0, 12.0])
    assert np.argmax(trial.knee_flexion_deg[:, 0]) == deepest


def test_noise_is_seeded_and_leaves_truth() -> None:
    a = squat_trial(1, noise_mm=5.0, seed=3)
    b = squat_trial(1, noise_mm=5.0, seed=3)
    clean = squat_trial(1)
    diff = a.recording.world.positions - clean.recording.world.positions
    assert np.array_equal(a.recording.world.positions, b.recording.world.positions)
    assert np.std(diff) == pytest.approx(0.005, rel=0.1)
    assert np.array_equal(a.fppa_deg, clean.fppa_deg)


@pytest.mark.parametrize("up_axis", ["y", "z"])
def test_trc_round_trip(tmp_path: Path, up_axis: str) -> None:
    trial = squat_trial(2, valgus_deg=10, yaw_deg=20, up=up_axis, noise_mm=2.0, fps=60)
    path = write_trc(trial.recording, tmp_path / "demo.trc")
    back = read_motion(path)
    w0, w1 = trial.recording.world, back.world
    assert back.meta["convention"] == "pose2sim"
    assert np.allclose(w1.up, w0.up)
    assert np.max(np.abs(w1.positions - w0.positions)) < 1e-6
    assert np.max(np.abs(w1.times - w0.times)) < 1e-6


def _image_fppa(img: np.ndarray) -> np.ndarray:
    """Right-leg 2-D FPPA in image coordinates (x right, y down) for a person facing the camera."""
    h, k, a = (img[:, INDEX[f"right_{p}"]] for p in ("hip", "knee", "ankle"))
    thigh, shank = k - h, a - k
    cross = thigh[:, 0] * shank[:, 1] - thigh[:, 1] * shank[:, 0]
    return np.degrees(np.arctan2(cross, np.sum(thigh * shank, 1)))


def test_camera_projection_and_yaw_effect() -> None:
    trial = squat_trial(1, valgus_deg=15, peak_flexion_deg=60, yaw_deg=30)
    deepest = trial.rep_frames[0, 1]
    front = project_to_camera(trial.recording, yaw_deg=30, distance_m=6.0, image_size=(1080, 1920))
    img = front.image.positions
    assert front.image.space == "image" and front.image_size == (1080, 1920)
    # facing the camera: the person's left shoulder is on the image's right; head above feet
    assert img[0, INDEX["left_shoulder"], 0] > img[0, INDEX["right_shoulder"], 0]
    assert img[0, INDEX["nose"], 1] < img[0, INDEX["left_ankle"], 1]
    # shoulder width 0.38 m at 6 m with f = 1500 px -> 95 px
    width = img[0, INDEX["left_shoulder"], 0] - img[0, INDEX["right_shoulder"], 0]
    assert width == pytest.approx(95.0, rel=0.02)
    # the right knee moves medially = towards image right; a frontal camera sees the true FPPA
    fppa_front = _image_fppa(img)[deepest]
    assert fppa_front == pytest.approx(15.0, abs=1.0)
    oblique = project_to_camera(trial.recording, yaw_deg=75, distance_m=6.0)
    fppa_oblique = _image_fppa(oblique.image.positions)[deepest]
    assert abs(fppa_oblique - 15.0) > 5.0
