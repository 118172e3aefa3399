"""Frontal-plane angles, vectorised over frames. Definitions: ``docs/metrics.md``.

All inputs are frontal coordinates (T, K, 2) from :mod:`valgus.metrics.frontal` (u towards the
person's left, v up). Each function returns (T, 2): column 0 the left side, column 1 the right side.
Angles are degrees; NaN wherever an input point is missing.
"""

from __future__ import annotations

import numpy as np

from valgus.keypoints import FloatArray
from valgus.skeleton import INDEX, SIDES

# Medial direction along u for each side: the left leg's medial side is towards the person's right.
MEDIAL_SIGN = np.array([-1.0, 1.0])  # (left, right)


def _pts(frontal: FloatArray, part: str) -> FloatArray:
    """(T, 2 sides, 2 coords) positions of one body part for (left, right)."""
    return np.stack([frontal[:, INDEX[f"{side}_{part}"], :] for side in SIDES], axis=1)


def _cross(a: FloatArray, b: FloatArray) -> FloatArray:
    return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]


def _dot(a: FloatArray, b: FloatArray) -> FloatArray:
    return a[..., 0] * b[..., 0] + a[..., 1] * b[..., 1]


def signed_angle(a: FloatArray, b: FloatArray) -> FloatArray:
    """Counter-clockwise angle (deg) from vector a to vector b, in (-180, 180]."""
    return np.degrees(np.arctan2(_cross(a, b), _dot(a, b)))


def fppa(frontal: FloatArray) -> FloatArray:
    """Frontal plane projection angle, valgus positive [R2][R133-vaila].

    The angle between the thigh line (hip -> knee) and the shank line (knee -> ankle): 0 when the
    three points are collinear, positive when the knee lies medial to the hip-ankle line.
    """
    hip, knee, ankle = _pts(frontal, "hip"), _pts(frontal, "knee"), _pts(frontal, "ankle")
    # For the left leg a medial knee turns thigh->shank counter-clockwise (u to the left, v up).
    return signed_angle(knee - hip, ankle - knee) * -MEDIAL_SIGN


def hip_adduction(frontal: FloatArray) -> FloatArray:
    """Frontal-plane hip adduction (deg), adduction positive [R9][R82].

    The thigh (hip -> knee) against the line perpendicular to the pelvis (hip -> hip) pointing down.
    """
    hip, knee = _pts(frontal, "hip"), _pts(frontal, "knee")
    pelvis = frontal[:, INDEX["left_hip"], :] - frontal[:, INDEX["right_hip"], :]
    down = np.stack([pelvis[:, 1], -pelvis[:, 0]], axis=-1)[:, None, :]
    return signed_angle(np.broadcast_to(down, hip.shape), knee - hip) * MEDIAL_SIGN


def pelvic_obliquity(frontal: FloatArray) -> FloatArray:
    """(T,) angle (deg) of the right-hip -> left-hip line above the horizontal (left hip higher +)."""
    d = frontal[:, INDEX["left_hip"], :] - frontal[:, INDEX["right_hip"], :]
    return np.degrees(np.arctan2(d[:, 1], np.abs(d[:, 0])))


def contralateral_pelvic_drop(frontal: FloatArray) -> FloatArray:
    """Contralateral pelvic drop (deg) with the given side as the stance side [R27].

    Positive when the pelvis drops on the side opposite the stance leg.
    """
    obl = pelvic_obliquity(frontal)
    return np.stack([obl, -obl], axis=1)


def trunk_lean(frontal: FloatArray) -> FloatArray:
    """Trunk lateral lean (deg) from vertical, positive towards the given side [R29 item 6].

    Trunk line: hip centre -> shoulder centre.
    """
    hips = 0.5 * (frontal[:, INDEX["left_hip"], :] + frontal[:, INDEX["right_hip"], :])
    shoulders = 0.5 * (
        frontal[:, INDEX["left_shoulder"], :] + frontal[:, INDEX["right_shoulder"], :]
    )
    t = shoulders - hips
    lean_left = np.degrees(np.arctan2(t[:, 0], t[:, 1]))
    return np.stack([lean_left, -lean_left], axis=1)


def knee_flexion_3d(positions: FloatArray) -> FloatArray:
    """Knee flexion (deg) from 3-D positions (T, K, 3): 0 with a straight leg.

    The angle between the thigh (hip -> knee) and shank (knee -> ankle) vectors in 3-D.
    """
    out = []
    for side in SIDES:
        thigh = positions[:, INDEX[f"{side}_knee"]] - positions[:, INDEX[f"{side}_hip"]]
        shank = positions[:, INDEX[f"{side}_ankle"]] - positions[:, INDEX[f"{side}_knee"]]
        cos = np.einsum("td,td->t", thigh, shank) / (
            np.linalg.norm(thigh, axis=1) * np.linalg.norm(shank, axis=1)
        )
        out.append(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))
    return np.stack(out, axis=1)
