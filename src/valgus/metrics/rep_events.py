"""The frames each per-rep metric is read at, for many rep-sides at once.

- peak: the frame of greatest knee flexion of that side within the rep (when at least a third of
  the rep's frames, and at least 3, have a knee flexion), else the rep's deepest frame.
- descent window: the frames from the rep's start to its peak with knee flexion 45-60° (same
  condition on the number of flexion readings), else those at 40-60 % of the rep's pelvis drop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from valgus.metrics import segments
from valgus.metrics.frames import FrameMetrics
from valgus.metrics.segments import BoolArray, IntArray, Windows

DESCENT_FLEXION_DEG = (45.0, 60.0)  # descent window named in issue #2 / Bell 2013 MKD phases [R55a]
DESCENT_DEPTH_FRACTION = (0.4, 0.6)  # fallback window when knee flexion is unknown (documented)
# The rep maximum is taken over the flexed part of the rep only: with the leg nearly straight the
# hip-knee-ankle angle is the standing alignment, and in a wide-stance squat (negative FPPA at
# depth) the "maximum" would otherwise be the straightest frame at the rep's edge (docs/metrics.md).
REP_MAX_MIN_FLEXION_DEG = 30.0
REP_MAX_MIN_DEPTH_FRACTION = 0.3  # fallback when knee flexion is unknown: share of the rep's drop


@dataclass(frozen=True)
class RepFrames:
    """W rep-sides: frame indices (arrays of W) and the side column (0 left, 1 right)."""

    start: IntArray
    deepest: IntArray
    end: IntArray
    side: IntArray

    @property
    def whole(self) -> Windows:
        """Each rep-side's frames [start, end]."""
        return segments.windows(self.start, self.end)


def _enough_flexion(w: Windows, flexion: NDArray[np.float64]) -> BoolArray:
    """(W,) windows in which knee flexion is known in >= max(3, a third of) their frames."""
    known = segments.count(w, np.isfinite(flexion))
    return np.asarray(known >= np.maximum(3, w.sizes // 3), dtype=bool)


def peak_frames(fm: FrameMetrics, rf: RepFrames, whole: Windows) -> IntArray:
    """(W,) frame of peak knee flexion of each rep-side (the deepest frame without flexion)."""
    if whole.frames.size == 0:
        return rf.deepest.copy()
    flex = fm.knee_flexion[whole.frames, rf.side[whole.window]]
    _, arg = segments.first_argmax(whole, flex)
    return np.where(_enough_flexion(whole, flex), whole.frames[arg], rf.deepest)


@dataclass(frozen=True)
class DescentWindows:
    """Frames [start, peak] of each rep-side, and which of them form the descent window."""

    span: Windows
    inside: BoolArray  # (N,) flat: the frame is in the descent window
    by_flexion: BoolArray  # (W,) window from knee flexion (else from the pelvis drop)

    def event(self, i: int) -> str:
        return "descent_45_60" if self.by_flexion[i] else "descent_mid_depth"


def descent_windows(fm: FrameMetrics, rf: RepFrames, peak: IntArray) -> DescentWindows:
    span = segments.windows(rf.start, peak)
    if span.frames.size == 0:
        empty = np.zeros(0, dtype=bool)
        return DescentWindows(span, empty, empty)
    flex = fm.knee_flexion[span.frames, rf.side[span.window]]
    by_flexion = _enough_flexion(span, flex)
    lo, hi = DESCENT_FLEXION_DEG
    with np.errstate(invalid="ignore", divide="ignore"):
        in_flex = (flex >= lo) & (flex <= hi)
        depth = fm.depth[span.frames]
        top = np.fmax.reduceat(depth, span.offsets)  # NaN when no depth in the window
        bottom = fm.depth[rf.deepest]
        valid = np.isfinite(top - bottom) & (top > bottom)
        t, w = top[span.window], span.window
        frac = np.where(valid[w], (t - depth) / (t - bottom[w]), np.nan)
        lo, hi = DESCENT_DEPTH_FRACTION
        in_depth = (frac >= lo) & (frac <= hi)
    inside = np.where(by_flexion[span.window], in_flex, in_depth)
    return DescentWindows(span, np.asarray(inside, dtype=bool), by_flexion)


def flexed_frames(fm: FrameMetrics, rf: RepFrames, whole: Windows) -> BoolArray:
    """(N,) flat frames of ``whole`` in the flexed part of their rep-side.

    Knee flexion >= REP_MAX_MIN_FLEXION_DEG where the rep-side has knee flexion, else the pelvis
    dropped by >= REP_MAX_MIN_DEPTH_FRACTION of the rep's drop (from its highest frame).
    """
    if whole.frames.size == 0:
        return np.zeros(0, dtype=bool)
    w = whole.window
    flex = fm.knee_flexion[whole.frames, rf.side[w]]
    by_flexion = _enough_flexion(whole, flex)
    with np.errstate(invalid="ignore", divide="ignore"):
        depth = fm.depth[whole.frames]
        top = np.fmax.reduceat(depth, whole.offsets)
        bottom = fm.depth[rf.deepest]
        valid = np.isfinite(top - bottom) & (top > bottom)
        frac = np.where(valid[w], (top[w] - depth) / (top[w] - bottom[w]), np.nan)
        flexed = np.where(
            by_flexion[w], flex >= REP_MAX_MIN_FLEXION_DEG, frac >= REP_MAX_MIN_DEPTH_FRACTION
        )
    return np.asarray(flexed, dtype=bool)
