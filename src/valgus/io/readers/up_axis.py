"""Detect a lab frame's up axis from the data: the axis along which the head is above the feet."""

from __future__ import annotations

import warnings

import numpy as np

from valgus.keypoints import FloatArray
from valgus.skeleton import INDEX

_TOP = ("nose", "left_shoulder", "right_shoulder", "left_hip", "right_hip")
_BOTTOM = ("left_ankle", "right_ankle", "left_heel", "right_heel", "left_toe", "right_toe")
AXIS_NAMES = ("x", "y", "z")


def _mean_point(positions: FloatArray, joints: tuple[str, ...]) -> FloatArray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(positions[:, [INDEX[j] for j in joints], :], axis=1)


def detect_up(positions: FloatArray) -> tuple[FloatArray, str] | None:
    """Unit up vector (one of ±x, ±y, ±z) and its name (e.g. "+y"), or None if undecidable.

    The body's top (nose, shoulders, hips) minus its bottom (ankles, heels, toes), averaged over
    frames, points up; the lab axis with the largest component of it is the up axis.
    """
    top = _mean_point(positions, _TOP)
    bottom = _mean_point(positions, _BOTTOM)
    diff = top - bottom
    ok = np.isfinite(diff).all(axis=1)
    if not ok.any():
        return None
    mean = np.median(diff[ok], axis=0)
    axis = int(np.argmax(np.abs(mean)))
    if np.abs(mean[axis]) < 0.5 * np.linalg.norm(mean):
        return None
    up = np.zeros(3)
    up[axis] = np.sign(mean[axis])
    return up, ("+" if up[axis] > 0 else "-") + AXIS_NAMES[axis]
