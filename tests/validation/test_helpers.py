"""Unit tests of the validation helpers (not the whole validation script)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from tests.conftest import require

from valgus import synthetic
from valgus.skeleton import INDEX
from valgus.validation.calibration import (
    pose2sim_trc_to_calibration_frame,
    read_pose2sim_calibration,
)
from valgus.validation.camera import from_rodrigues, frontal_camera, look_at
from valgus.validation.geometry import fppa_from_image, fppa_from_world, mean_forward
from valgus.validation.reference_events import first_contact, pelvis_minima
from valgus.validation.stats import error_stats


def test_error_stats_known_values() -> None:
    st = error_stats([1.0, 2.0, 3.0, np.nan], [0.0, 2.0, 5.0, 1.0])
    assert st.n == 3
    assert st.mean == pytest.approx(-1.0 / 3.0)
    assert st.rmse == pytest.approx(np.sqrt(5.0 / 3.0))
    assert st.max_abs == pytest.approx(2.0)
    assert st.r == pytest.approx(np.corrcoef([1, 2, 3], [0, 2, 5])[0, 1])
    assert error_stats([np.nan], [1.0]).n == 0


def test_projection_round_trip() -> None:
    rng = np.random.default_rng(1)
    cam = look_at(np.array([0.0, -4.0, 1.0]), np.array([0.0, 0.0, 1.0]), np.array([0.0, 0.0, 1.0]))
    pts = rng.uniform(-1.0, 1.0, (50, 3)) + np.array([0.0, 0.0, 1.0])
    px = cam.project(pts)
    back = cam.back_project(px, cam.to_camera(pts)[:, 2])
    np.testing.assert_allclose(back, pts, atol=1e-9)
    # The target projects to the principal point, world up to image up.
    np.testing.assert_allclose(cam.project(np.array([0.0, 0.0, 1.0])), [540.0, 960.0], atol=1e-9)
    assert cam.project(np.array([0.0, 0.0, 2.0]))[1] < 960.0


def test_projection_matches_opencv_with_distortion() -> None:
    k = np.array([[1670.0, 0.0, 534.0], [0.0, 1672.0, 963.0], [0.0, 0.0, 1.0]])
    rvec, tvec = np.array([1.35, 1.6, -1.2]), np.array([-0.11, 0.78, 3.07])
    dist = np.array([-0.05, 0.02, 1e-3, -2e-3])
    cam = from_rodrigues(k, rvec, tvec, dist)
    pts = np.random.default_rng(2).uniform(-0.5, 0.5, (30, 3))
    ref, _ = cv2.projectPoints(pts, rvec, tvec, k, dist)
    np.testing.assert_allclose(cam.project(pts), ref[:, 0, :], atol=1e-6)


def test_virtual_frontal_camera_far_away_equals_3d_fppa() -> None:
    # Orthographic limit: a camera 200 m in front sees the frontal-plane FPPA.
    trial = synthetic.squat_trial(2, valgus_deg=[5.0, 15.0], yaw_deg=30.0, up="y")
    w = trial.recording.world
    assert w is not None and w.up is not None
    cam = frontal_camera(w.positions, w.up, mean_forward(w.positions, w.up), distance_m=200.0)
    two_d = fppa_from_image(cam.project(w.positions))
    np.testing.assert_allclose(two_d, trial.fppa_deg, atol=0.05)
    np.testing.assert_allclose(fppa_from_world(w.positions, w.up), trial.fppa_deg, atol=1e-6)


def test_pelvis_minima_counts_reps_not_wobble() -> None:
    fps = 100.0
    t = np.arange(0, 12, 1 / fps)
    height = 0.9 - 0.15 * (1 - np.cos(2 * np.pi * t / 3.0)) + 0.005 * np.sin(2 * np.pi * 5 * t)
    assert len(pelvis_minima(height, fps)) == 4


def test_first_contact_after_box() -> None:
    trial = synthetic.drop_jump_trial(fps=100.0)
    w = trial.recording.world
    assert w is not None and w.up is not None
    feet = [INDEX[f"{s}_{p}"] for s in ("left", "right") for p in ("heel", "toe")]
    ic = first_contact(w.positions[:, feet, :] @ w.up, tolerance=0.01, lift=0.10)
    assert ic is not None and abs(ic - trial.ic_frames[0]) <= 1


def test_pose2sim_axes() -> None:
    trc = np.array([[1.0, 2.0, 3.0]])  # (X, Y, Z)_trc = (Y, Z, X)_calibration
    np.testing.assert_array_equal(pose2sim_trc_to_calibration_frame(trc), [[3.0, 1.0, 2.0]])


# MediaPipe (pose_landmarker_full) pixels of cam02.mp4, measured once (frames without leg swaps).
CAM02_MEDIAPIPE = {
    (0, "left_shoulder"): (635.7, 534.7),
    (0, "right_shoulder"): (505.7, 549.6),
    (0, "left_hip"): (611.6, 754.1),
    (0, "right_hip"): (550.1, 760.5),
    (99, "left_shoulder"): (541.3, 546.3),
    (99, "left_hip"): (578.1, 820.9),
    (99, "right_hip"): (488.0, 832.0),
}


def test_pose2sim_calibration_reprojects_onto_the_person(shared_data: Path) -> None:
    from valgus.analysis.load import load_recording

    folder = shared_data / "pose2sim_demo"
    cams = read_pose2sim_calibration(require(folder / "calibration/Calib_qualisys.toml"))
    assert sorted(cams) == ["cam_01", "cam_02", "cam_03", "cam_04"]
    rec = load_recording(require(folder / "pose-3d/BalancingTrial_0-100.trc"))
    assert rec.world is not None
    xyz = pose2sim_trc_to_calibration_frame(rec.world.positions)
    for cam in cams.values():
        px = cam.project(xyz)
        assert cam.size is not None
        assert np.nanmin(px) >= 0 and np.nanmax(px[..., 0]) < cam.size[0]
        # Head above the ankles in every frame (image y down).
        assert (px[:, INDEX["nose"], 1] < px[:, INDEX["left_ankle"], 1]).all()
    px2 = cams["cam_02"].project(xyz)
    for (frame, joint), ref in CAM02_MEDIAPIPE.items():
        assert np.linalg.norm(px2[frame, INDEX[joint]] - np.array(ref)) < 30.0, (frame, joint)
