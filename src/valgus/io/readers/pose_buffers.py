"""Preallocated per-frame pose arrays of one clip (or one part of it), filled as frames arrive."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from valgus.pose.backend import PoseFrame
from valgus.skeleton import JOINTS


@dataclass
class FrameBuffers:
    """Preallocated per-frame arrays, doubled when a clip holds more frames than probed."""

    image: NDArray[np.float64]
    confidence: NDArray[np.float64]
    world: NDArray[np.float64]
    times: NDArray[np.float64]
    n_people: NDArray[np.int_]
    counted: NDArray[np.bool_]  # others were looked for (False: only the main person tracked)
    count: int = field(default=0)

    FIELDS = ("image", "confidence", "world", "times", "n_people", "counted")

    @classmethod
    def allocate(cls, n: int) -> FrameBuffers:
        k = len(JOINTS)
        return cls(
            image=np.full((n, k, 2), np.nan),
            confidence=np.full((n, k), np.nan),
            world=np.full((n, k, 3), np.nan),
            times=np.full(n, np.nan),
            n_people=np.zeros(n, dtype=np.int_),
            counted=np.ones(n, dtype=bool),
        )

    def put(self, index: int, time_s: float, frame: PoseFrame) -> None:
        if index >= self.times.shape[0]:
            self._grow(max(2 * self.times.shape[0], index + 1))
        self.image[index] = frame.image
        self.confidence[index] = frame.confidence
        self.world[index] = frame.world
        self.times[index] = time_s
        self.n_people[index] = frame.n_people
        self.counted[index] = frame.people_counted
        self.count = max(self.count, index + 1)

    def put_block(self, start: int, arrays: dict[str, NDArray[Any]]) -> None:
        """Frames start, start + 1, ... from per-frame arrays (a worker's part)."""
        n = len(arrays["times"])
        if n == 0:
            return
        if start + n > self.times.shape[0]:
            self._grow(max(2 * self.times.shape[0], start + n))
        for name in self.FIELDS:
            getattr(self, name)[start : start + n] = arrays[name]
        self.count = max(self.count, start + n)

    def _grow(self, n: int) -> None:
        bigger = FrameBuffers.allocate(n)
        m = self.times.shape[0]
        for name in self.FIELDS:
            getattr(bigger, name)[:m] = getattr(self, name)
            setattr(self, name, getattr(bigger, name))

    def trimmed(self, copy: bool = False) -> FrameBuffers:
        """The filled frames: views, or copies the caller may keep while more frames arrive."""
        c = self.count
        parts = [getattr(self, n)[:c] for n in self.FIELDS]
        if copy:
            parts = [p.copy() for p in parts]
        image, confidence, world, times, n_people, counted = parts
        return FrameBuffers(image, confidence, world, times, n_people, counted, c)

    def arrays(self) -> dict[str, NDArray[Any]]:
        """The filled frames by field name (views)."""
        return {name: getattr(self, name)[: self.count] for name in self.FIELDS}
