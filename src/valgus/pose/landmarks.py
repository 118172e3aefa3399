"""BlazePose (MediaPipe, 33 landmarks) to the canonical skeleton.

MediaPipe's "left" is the person's anatomical left, as in the canonical joints.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from valgus.skeleton import JOINTS

N_BLAZEPOSE: Final[int] = 33

BLAZEPOSE_INDEX: Final[dict[str, int]] = {
    "nose": 0,
    "left_shoulder": 11,
    "right_shoulder": 12,
    "left_hip": 23,
    "right_hip": 24,
    "left_knee": 25,
    "right_knee": 26,
    "left_ankle": 27,
    "right_ankle": 28,
    "left_heel": 29,
    "right_heel": 30,
    "left_toe": 31,  # left_foot_index
    "right_toe": 32,  # right_foot_index
}

# BLAZEPOSE_TO_CANONICAL[k] = BlazePose index of canonical joint k.
BLAZEPOSE_TO_CANONICAL: Final[NDArray[np.intp]] = np.array(
    [BLAZEPOSE_INDEX[name] for name in JOINTS], dtype=np.intp
)


def to_canonical(landmarks: NDArray[np.float64]) -> NDArray[np.float64]:
    """(..., 33, D) BlazePose array -> (..., K, D) in canonical joint order."""
    return landmarks[..., BLAZEPOSE_TO_CANONICAL, :]
