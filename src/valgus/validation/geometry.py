"""Reference FPPA and heights computed directly from keypoints, with the project's definitions
(``valgus.metrics``) but none of the pipeline's conditioning, gating or event logic."""

from __future__ import annotations

import numpy as np

from valgus.keypoints import FloatArray
from valgus.metrics.angles import fppa
from valgus.metrics.frontal import body_frame, image_to_frontal, world_to_frontal
from valgus.skeleton import INDEX


def fppa_from_image(pixels: FloatArray, sign: float | None = None) -> FloatArray:
    """(T, 2) 2-D FPPA (deg, valgus +) from image keypoints (T, K, 2) (x right, y down)."""
    return fppa(image_to_frontal(pixels, sign))


def fppa_from_world(positions: FloatArray, up: FloatArray) -> FloatArray:
    """(T, 2) FPPA (deg) on the person's own frontal plane from 3-D keypoints (T, K, 3)."""
    frontal, _ = world_to_frontal(positions, up)
    return fppa(frontal)


def mean_forward(positions: FloatArray, up: FloatArray) -> FloatArray:
    """The person's mean forward direction (3,) over a trial (unit, horizontal)."""
    fwd = body_frame(positions, up).fwd
    m = np.nanmean(fwd, axis=0)
    return m / np.linalg.norm(m)


def pelvis_height(positions: FloatArray, up: FloatArray) -> FloatArray:
    """(T,) mid-hip height along ``up`` (source units)."""
    hips = 0.5 * (positions[:, INDEX["left_hip"]] + positions[:, INDEX["right_hip"]])
    u = np.asarray(up, dtype=np.float64)
    return hips @ (u / np.linalg.norm(u))
