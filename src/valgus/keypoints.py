"""The one data shape that flows from every reader into the analysis core.

Time is the first axis. Missing values are NaN, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from valgus.skeleton import JOINTS

FloatArray = NDArray[np.float64]

# "image": pixels, x to the right, y downwards (as decoded, after rotation metadata is applied).
# "lab": metres, a motion-capture lab frame with a known up axis (``up``); axes otherwise arbitrary.
# "camera": metres, MediaPipe world landmarks: origin between the hips, x right, y down, z away
#           from the camera (so the camera's own axes; up is -y).
Space = Literal["image", "lab", "camera"]


@dataclass(frozen=True)
class Keypoints:
    """Positions of the canonical joints over time.

    positions:  (T, K, D) with K == len(joints), D == 2 (image) or 3 (lab / camera)
    confidence: (T, K) in [0, 1]; NaN where the source gives none and the point is missing
    times:      (T,) seconds from the start of the recording
    """

    positions: FloatArray
    confidence: FloatArray
    times: FloatArray
    space: Space
    units: Literal["px", "m"]
    joints: tuple[str, ...] = JOINTS
    up: FloatArray | None = None  # unit "up" vector for 3-D spaces

    def __post_init__(self) -> None:
        t, k = self.positions.shape[:2]
        if self.positions.ndim != 3 or self.positions.shape[2] not in (2, 3):
            raise ValueError(f"positions must be (T, K, 2|3), got {self.positions.shape}")
        if k != len(self.joints):
            raise ValueError(f"{k} joints in positions but {len(self.joints)} names")
        if self.confidence.shape != (t, k):
            raise ValueError(f"confidence must be {(t, k)}, got {self.confidence.shape}")
        if self.times.shape != (t,):
            raise ValueError(f"times must be ({t},), got {self.times.shape}")

    @property
    def n_frames(self) -> int:
        return int(self.positions.shape[0])

    @property
    def dim(self) -> int:
        return int(self.positions.shape[2])

    @property
    def fps(self) -> float:
        """Median frame rate (Hz) from the time stamps; NaN for fewer than two frames."""
        if self.n_frames < 2:
            return float("nan")
        return float(1.0 / np.median(np.diff(self.times)))

    def joint(self, name: str) -> FloatArray:
        """(T, D) trajectory of one joint."""
        return self.positions[:, self.joints.index(name), :]

    def with_positions(
        self, positions: FloatArray, confidence: FloatArray | None = None
    ) -> Keypoints:
        return replace(
            self,
            positions=positions,
            confidence=self.confidence if confidence is None else confidence,
        )

    def slice(self, start: int, stop: int) -> Keypoints:
        return replace(
            self,
            positions=self.positions[start:stop],
            confidence=self.confidence[start:stop],
            times=self.times[start:stop],
        )


@dataclass(frozen=True)
class Recording:
    """Everything a reader or a pose backend produced for one trial.

    image: 2-D keypoints in pixels (video, MediaPipe CSV, OpenPose JSON), or None.
    world: 3-D keypoints in metres (mocap TRC/C3D in "lab"; MediaPipe world landmarks in
           "camera"), or None. When both exist they share ``times``.
    n_people: (T,) how many people the detector saw in each frame (video only), or None.
    """

    source: str
    kind: Literal["video", "trc", "c3d", "mediapipe_csv", "openpose_json", "synthetic"]
    image: Keypoints | None = None
    world: Keypoints | None = None
    image_size: tuple[int, int] | None = None  # (width, height) in pixels
    n_people: NDArray[np.int_] | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def primary(self) -> Keypoints:
        kp = self.image if self.image is not None else self.world
        if kp is None:
            raise ValueError(f"{self.source}: no keypoints")
        return kp

    @property
    def times(self) -> FloatArray:
        return self.primary.times


def empty_keypoints(n_frames: int, dim: int, space: Space, fps: float) -> Keypoints:
    """All-NaN keypoints (for sources that fill frames as they go)."""
    k = len(JOINTS)
    return Keypoints(
        positions=np.full((n_frames, k, dim), np.nan),
        confidence=np.full((n_frames, k), np.nan),
        times=np.arange(n_frames, dtype=np.float64) / fps,
        space=space,
        units="px" if space == "image" else "m",
    )
