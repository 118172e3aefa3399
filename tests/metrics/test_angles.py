"""Golden values for the frontal angles on hand-built skeletons with known geometry."""

from __future__ import annotations

import numpy as np
import pytest

from valgus.metrics import alignment, angles
from valgus.metrics.frontal import image_to_frontal, world_to_frontal
from valgus.skeleton import INDEX, JOINTS

THIGH = SHANK = 0.45


def frontal_pose(shift_left: float, shift_right: float) -> np.ndarray:
    """(1, K, 2) frontal coordinates (u to the person's left, v up), knees shifted medially."""
    p = np.full((1, len(JOINTS), 2), np.nan)
    for side, u, shift in (("left", 0.1, shift_left), ("right", -0.1, shift_right)):
        medial = -1.0 if side == "left" else 1.0
        p[0, INDEX[f"{side}_hip"]] = (u, THIGH + SHANK)
        p[0, INDEX[f"{side}_knee"]] = (u + medial * shift, SHANK)
        p[0, INDEX[f"{side}_ankle"]] = (u, 0.0)
        p[0, INDEX[f"{side}_heel"]] = (u, -0.02)
        p[0, INDEX[f"{side}_toe"]] = (u, -0.03)
        p[0, INDEX[f"{side}_shoulder"]] = (u * 1.8, 1.45)
    p[0, INDEX["nose"]] = (0.0, 1.65)
    return p


@pytest.mark.parametrize("shift", [0.0, 0.02, 0.05, 0.1, -0.04])
def test_fppa_matches_analytic_angle(shift: float) -> None:
    expected = np.degrees(2 * np.arctan(shift / SHANK))
    got = angles.fppa(frontal_pose(shift, shift))[0]
    np.testing.assert_allclose(got, [expected, expected], atol=1e-9)


def test_fppa_sign_is_valgus_positive_on_each_side_independently() -> None:
    got = angles.fppa(frontal_pose(0.05, -0.05))[0]
    assert got[0] > 10 and got[1] < -10


def test_image_coordinates_facing_camera_and_from_behind_agree() -> None:
    fr = frontal_pose(0.06, 0.03)[0]
    # Facing the camera: the person's left appears on the image's right, y grows downwards.
    image_front = np.stack([500 + 400 * fr[:, 0], 800 - 400 * fr[:, 1]], axis=-1)[None]
    image_back = np.stack([500 - 400 * fr[:, 0], 800 - 400 * fr[:, 1]], axis=-1)[None]
    a = angles.fppa(image_to_frontal(image_front))
    b = angles.fppa(image_to_frontal(image_back))
    np.testing.assert_allclose(a, b, atol=1e-9)
    np.testing.assert_allclose(a[0], angles.fppa(frontal_pose(0.06, 0.03))[0], atol=1e-9)


def to_3d(fr: np.ndarray, heading_deg: float, up: str = "y") -> np.ndarray:
    """Lift frontal (u, v) into a lab frame: person rotated by heading about the vertical."""
    h = np.radians(heading_deg)
    ml = np.array([np.cos(h), 0.0, np.sin(h)])  # person's left in lab x-z
    pts = fr[..., 0:1] * ml + fr[..., 1:2] * np.array([0.0, 1.0, 0.0])
    if up == "z":
        pts = pts[..., [0, 2, 1]] * np.array([1.0, -1.0, 1.0])
    return pts


@pytest.mark.parametrize("heading", [0.0, 30.0, -75.0, 180.0])
@pytest.mark.parametrize("up", ["y", "z"])
def test_3d_frontal_plane_ignores_the_lab_axes(heading: float, up: str) -> None:
    fr = frontal_pose(0.07, 0.02)
    world = to_3d(fr, heading, up)
    up_vec = np.array([0.0, 1.0, 0.0]) if up == "y" else np.array([0.0, 0.0, 1.0])
    frontal, _ = world_to_frontal(world, up_vec)
    np.testing.assert_allclose(angles.fppa(frontal), angles.fppa(fr), atol=1e-9)


def test_hip_adduction_pelvic_drop_and_trunk_lean_signs() -> None:
    fr = frontal_pose(0.05, 0.0)
    add = angles.hip_adduction(fr)[0]
    assert add[0] == pytest.approx(np.degrees(np.arctan(0.05 / THIGH)), abs=1e-9)
    assert add[1] == pytest.approx(0.0, abs=1e-9)
    # Drop the right hip by 0.02 with the left leg in stance: contralateral drop positive for left.
    fr[0, INDEX["right_hip"], 1] -= 0.02
    drop = angles.contralateral_pelvic_drop(fr)[0]
    assert drop[0] == pytest.approx(np.degrees(np.arctan2(0.02, 0.2)), abs=1e-9)
    assert drop[1] == pytest.approx(-drop[0])
    # Lean the trunk towards the left.
    fr[0, INDEX["left_shoulder"], 0] += 0.1
    fr[0, INDEX["right_shoulder"], 0] += 0.1
    lean = angles.trunk_lean(fr)[0]
    assert lean[0] > 5 and lean[1] == pytest.approx(-lean[0])


def test_knee_flexion_3d() -> None:
    p = np.zeros((1, len(JOINTS), 3))
    for side in ("left", "right"):
        p[0, INDEX[f"{side}_hip"]] = (0, 1, 0)
        p[0, INDEX[f"{side}_knee"]] = (0, 0.5, 0.3)
        p[0, INDEX[f"{side}_ankle"]] = (0, 0.0, 0.0)
    expected = np.degrees(2 * np.arctan2(0.3, 0.5))
    np.testing.assert_allclose(angles.knee_flexion_3d(p)[0], [expected] * 2, atol=1e-9)


def test_kasr_and_knee_over_foot_2d() -> None:
    fr = frontal_pose(0.05, 0.05)
    assert alignment.knee_ankle_separation_ratio(fr)[0] == pytest.approx(0.1 / 0.2)
    kof = alignment.knee_over_foot_2d(fr, np.array([0.9, 0.9]))[0]
    np.testing.assert_allclose(kof, [0.05 / 0.9, 0.05 / 0.9])


def test_knee_over_foot_3d_follows_a_turned_out_foot() -> None:
    """A knee exactly over a foot turned out 30° reads 0; 3 cm medial of that axis reads +0.03."""
    body = np.full((1, len(JOINTS), 3), np.nan)  # (ml, up, fwd)
    out = np.radians(30)
    for side, ml_sign in (("left", 1.0), ("right", -1.0)):
        heel = np.array([0.1 * ml_sign, 0.0, 0.0])
        axis = np.array([ml_sign * np.sin(out), 0.0, np.cos(out)])
        body[0, INDEX[f"{side}_heel"]] = heel
        body[0, INDEX[f"{side}_toe"]] = heel + 0.2 * axis
        body[0, INDEX[f"{side}_knee"]] = heel + 0.3 * axis + np.array([0, 0.45, 0])
    kof = alignment.knee_over_foot_3d(body, np.array([1.0, 1.0]))[0]
    np.testing.assert_allclose(kof, [0.0, 0.0], atol=1e-12)
    perp = np.array([np.cos(out), 0.0, -np.sin(out)])  # towards +ml for the left foot
    body[0, INDEX["left_knee"]] -= 0.03 * perp  # medial for the left leg
    assert alignment.knee_over_foot_3d(body, np.array([1.0, 1.0]))[0, 0] == pytest.approx(0.03)
