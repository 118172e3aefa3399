"""Distances and ratios in the frontal plane: knee-over-foot, knee/ankle separation, MKD.

Inputs are frontal coordinates (T, K, 2) (u to the person's left, v up) or, for knee-over-foot in
3-D, body coordinates (T, K, 3) (ml, up, fwd). Outputs are (T, 2) for (left, right) unless noted,
and distances are divided by the leg length (hip-ankle length in standing) so that pixels and
metres give the same numbers.
"""

from __future__ import annotations

import numpy as np

from valgus.keypoints import FloatArray
from valgus.metrics.angles import MEDIAL_SIGN
from valgus.skeleton import INDEX, SIDES


def _u(frontal: FloatArray, part: str) -> FloatArray:
    return np.stack([frontal[:, INDEX[f"{side}_{part}"], 0] for side in SIDES], axis=1)


def segment_lengths(frontal: FloatArray, part_a: str, part_b: str) -> FloatArray:
    """(T, 2) distances between two parts of each leg (e.g. "hip", "knee" for the thigh)."""
    out = np.empty((frontal.shape[0], 2))
    for s, side in enumerate(SIDES):
        d = frontal[:, INDEX[f"{side}_{part_b}"], :] - frontal[:, INDEX[f"{side}_{part_a}"], :]
        sq = d[:, 0] * d[:, 0]
        for i in range(1, d.shape[1]):  # as np.linalg.norm sums them, per component (faster)
            sq += d[:, i] * d[:, i]
        out[:, s] = np.sqrt(sq)
    return out


def knee_over_foot_2d(frontal: FloatArray, leg_length: FloatArray) -> FloatArray:
    """Knee medial (+) or lateral (-) of the toe (MediaPipe foot index ~ 2nd toe), / leg length.

    The frontal view of "knee over the second toe" [R80][R29 item 5]. Stays meaningful in deep
    flexion, where the hip-knee-ankle angle breaks down because the thigh points at the camera.
    """
    offset = (_u(frontal, "knee") - _u(frontal, "toe")) * MEDIAL_SIGN
    return offset / leg_length


def knee_over_foot_3d(body: FloatArray, leg_length: FloatArray) -> FloatArray:
    """Knee's signed distance (medial +) from the vertical plane through the foot's axis, / leg length.

    body: (T, K, 3) as (ml, up, fwd). The foot axis is heel -> toe in the horizontal plane; a foot
    turned out is followed, so "knee over the toes" reads 0 whatever the foot angle.
    """
    out = []
    for s, side in enumerate(SIDES):
        heel = body[:, INDEX[f"{side}_heel"]][:, [0, 2]]
        toe = body[:, INDEX[f"{side}_toe"]][:, [0, 2]]
        knee = body[:, INDEX[f"{side}_knee"]][:, [0, 2]]
        axis = toe - heel
        axis = axis / np.linalg.norm(axis, axis=1, keepdims=True)
        normal_left = np.stack([axis[:, 1], -axis[:, 0]], axis=1)  # (ml, fwd): rotate -90° -> +ml
        dist_left = np.einsum("td,td->t", knee - heel, normal_left)
        out.append(dist_left * MEDIAL_SIGN[s])
    return np.stack(out, axis=1) / leg_length


def knee_ankle_separation_ratio(frontal: FloatArray) -> FloatArray:
    """(T,) KASR: knee separation / ankle separation [R22][R12]; below 1 = knees closer than ankles."""
    u_knee, u_ankle = _u(frontal, "knee"), _u(frontal, "ankle")
    return np.abs(u_knee[:, 0] - u_knee[:, 1]) / np.abs(u_ankle[:, 0] - u_ankle[:, 1])


def knee_hip_separation_ratio(frontal: FloatArray) -> FloatArray:
    """(T,) knee separation / hip separation (normalised knee separation, Noyes) [R20][R24]."""
    u_knee, u_hip = _u(frontal, "knee"), _u(frontal, "hip")
    return np.abs(u_knee[:, 0] - u_knee[:, 1]) / np.abs(u_hip[:, 0] - u_hip[:, 1])


def medial_knee_position(frontal: FloatArray, leg_length: FloatArray) -> FloatArray:
    """Knee's medial (+) offset from the ipsilateral ankle along u, / leg length.

    Medial knee displacement (MKD) [R25][R28] is the change of this from a reference frame (quiet
    standing, or the start of the rep): see :func:`valgus.metrics.per_rep`.
    """
    return (_u(frontal, "knee") - _u(frontal, "ankle")) * MEDIAL_SIGN / leg_length
