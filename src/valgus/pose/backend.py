"""What every pose backend gives for one frame, and the protocol it implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from valgus.keypoints import FloatArray
from valgus.skeleton import JOINTS


@dataclass(frozen=True)
class PoseFrame:
    """The main person in one frame, canonical joints (K = len(JOINTS)); NaN where none.

    image:      (K, 2) pixels in the frame the backend was given (x right, y down)
    confidence: (K,) min(visibility, presence) in [0, 1]
    world:      (K, 3) metres, camera-aligned axes (x right, y down, z away), origin at the hips
    n_people:   how many people the detector saw
    people_counted: False when only the main person was tracked in this frame and nobody else
                looked for (the reader then takes the count of the nearest frames that were)
    """

    image: FloatArray
    confidence: FloatArray
    world: FloatArray
    n_people: int
    people_counted: bool = True

    @classmethod
    def empty(cls, n_people: int = 0) -> PoseFrame:
        k = len(JOINTS)
        return cls(
            image=np.full((k, 2), np.nan),
            confidence=np.full(k, np.nan),
            world=np.full((k, 3), np.nan),
            n_people=n_people,
        )


class PoseBackend(Protocol):
    """Runs a pose model over the frames of one clip, in order."""

    info: dict[str, Any]  # recorded in Recording.meta["model"] (name, sha256, ...)

    def process(self, rgb: NDArray[np.uint8], timestamp_ms: int) -> PoseFrame:
        """Pose of the main person in one RGB uint8 (H, W, 3) frame; time stamps increase."""
        ...

    def close(self) -> None:
        """Release the model."""
        ...
