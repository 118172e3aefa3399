"""Synthetic 2-D frontal squat keypoints in image pixels (y down) for the signal tests."""

from __future__ import annotations

import numpy as np

from valgus.skeleton import INDEX, JOINTS


def frontal_squat(n: int = 150, fps: float = 30.0, seed: int = 0):
    """(positions (T, 13, 2), confidence (T, 13), times): two squats facing the camera.

    The person's left is on the image right (larger x). Small noise, all joints present.
    """
    rng = np.random.default_rng(seed)
    t = np.arange(n) / fps
    depth = 0.5 * (1 - np.cos(2 * np.pi * t / (n / fps / 2)))  # 0..1, two reps
    pos = np.zeros((n, len(JOINTS), 2))
    hip_y = 500 + 120 * depth
    for side, sx in (("left", 1.0), ("right", -1.0)):
        pos[:, INDEX[f"{side}_shoulder"]] = np.c_[640 + sx * 90 + 0 * t, hip_y - 250]
        pos[:, INDEX[f"{side}_hip"]] = np.c_[640 + sx * 60 + 0 * t, hip_y]
        pos[:, INDEX[f"{side}_knee"]] = np.c_[640 + sx * (80 - 15 * depth), 700 + 20 * depth]
        pos[:, INDEX[f"{side}_ankle"]] = np.c_[640 + sx * 85 + 0 * t, 900 + 0 * t]
        pos[:, INDEX[f"{side}_heel"]] = np.c_[640 + sx * 85 + 0 * t, 915 + 0 * t]
        pos[:, INDEX[f"{side}_toe"]] = np.c_[640 + sx * 100 + 0 * t, 930 + 0 * t]
    pos[:, INDEX["nose"]] = np.c_[640 + 0 * t, hip_y - 330]
    pos += rng.normal(0, 0.5, pos.shape)
    conf = np.full((n, len(JOINTS)), 0.95)
    return pos, conf, t
