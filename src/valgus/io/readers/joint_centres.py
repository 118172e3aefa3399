"""Joint centres from marker positions, vectorised over frames (NaN in, NaN out)."""

from __future__ import annotations

import numpy as np

from valgus.keypoints import FloatArray

# Harrington ME, Zavatsky AB, Lawson SEM, Yuan Z, Theologis TN (2007). Prediction of the hip joint
# centre in adults, children, and patients with cerebral palsy based on magnetic resonance
# imaging. J Biomech 40(3):595-602. Regression (mm) in the pelvis frame (origin mid-ASIS, x
# anterior, y superior, z lateral towards the hip's side), PW = inter-ASIS distance, PD = distance
# between the ASIS and PSIS midpoints:
#   x = -0.24 PD - 9.9   y = -0.30 PW - 10.9   z = 0.33 PW + 7.3
_HARRINGTON_X = (-0.24, -0.0099)  # (coefficient of PD, offset in metres)
_HARRINGTON_Y = (-0.30, -0.0109)  # (coefficient of PW, offset in metres)
_HARRINGTON_Z = (0.33, 0.0073)  # (coefficient of PW, offset in metres)


def midpoint(*points: FloatArray) -> FloatArray:
    """Mean of (T, 3) trajectories; NaN in a frame where any of them is missing."""
    return np.mean(np.stack(points, axis=0), axis=0)


def _unit(v: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return v / np.linalg.norm(v, axis=-1, keepdims=True)


def harrington_hip(
    r_asis: FloatArray, l_asis: FloatArray, r_psis: FloatArray, l_psis: FloatArray, side: str
) -> FloatArray:
    """(T, 3) hip joint centre of ``side`` ("right"/"left") in metres (Harrington 2007)."""
    mid_asis = midpoint(r_asis, l_asis)
    mid_psis = midpoint(r_psis, l_psis)
    z = _unit(r_asis - l_asis)  # towards the right
    anterior = mid_asis - mid_psis
    x = _unit(anterior - np.sum(anterior * z, axis=-1, keepdims=True) * z)
    y = np.cross(z, x)  # superior (x anterior, y superior, z right is right-handed)
    pw = np.linalg.norm(r_asis - l_asis, axis=-1, keepdims=True)
    pd = np.linalg.norm(anterior, axis=-1, keepdims=True)
    lateral = 1.0 if side == "right" else -1.0
    cx = _HARRINGTON_X[0] * pd + _HARRINGTON_X[1]
    cy = _HARRINGTON_Y[0] * pw + _HARRINGTON_Y[1]
    cz = lateral * (_HARRINGTON_Z[0] * pw + _HARRINGTON_Z[1])
    return mid_asis + cx * x + cy * y + cz * z
