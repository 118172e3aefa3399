"""Independent reference events for validation: simple, stated rules that do not share code with
``valgus.events`` (so a bug there shows up as a disagreement here)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.signal import find_peaks

from valgus.keypoints import FloatArray


@dataclass(frozen=True)
class MinimaRule:
    """A pelvis-height minimum counts as a rep when it lies at least ``min_drop`` (fraction of the
    standing-to-lowest range of the trial) below both neighbouring maxima (scipy prominence) and
    ``min_gap_s`` from the previous counted minimum."""

    min_drop: float = 0.5
    min_gap_s: float = 0.8

    def describe(self) -> str:
        return (
            f"minima of the mid-hip height with a prominence of at least {self.min_drop:.0%} of "
            f"the trial's height range (95th − 1st percentile), at least {self.min_gap_s:g} s apart"
        )


def pelvis_minima(
    height: FloatArray, fps: float, rule: MinimaRule | None = None
) -> NDArray[np.int_]:
    """Frames of the counted pelvis-height minima (see :class:`MinimaRule`)."""
    rule = rule or MinimaRule()
    h = np.asarray(height, dtype=np.float64)
    ok = np.isfinite(h)
    if ok.sum() < 3:
        return np.zeros(0, dtype=np.int_)
    h = np.interp(np.arange(h.size), np.flatnonzero(ok), h[ok])
    span = np.percentile(h, 95) - np.percentile(h, 1)
    peaks, _ = find_peaks(
        -h, prominence=rule.min_drop * span, distance=max(1, int(rule.min_gap_s * fps))
    )
    return peaks.astype(np.int_)


def first_contact(
    foot_heights: FloatArray, tolerance: float, lift: float, after: int = 0
) -> int | None:
    """Reference initial contact from foot-marker heights (T, F) (e.g. heels and toes).

    Each marker's floor level is its 2nd-percentile height. The person is off the floor when every
    marker is more than ``lift`` above its floor (on a box or in flight); the contact is the first
    later frame at which any marker is within ``tolerance`` of its floor.
    """
    h = np.asarray(foot_heights, dtype=np.float64)
    if h.ndim == 1:
        h = h[:, None]
    above = h - np.nanpercentile(h, 2, axis=0)[None, :]
    with np.errstate(invalid="ignore"):
        off = np.flatnonzero((above[after:] > lift).all(axis=1))
    if off.size == 0:
        return None
    start = after + int(off[0])
    with np.errstate(invalid="ignore"):
        down = np.flatnonzero((above[start:] <= tolerance).any(axis=1))
    return None if down.size == 0 else start + int(down[0])
