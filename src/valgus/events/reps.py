"""Repetition segmentation from a 1-D depth signal (squats, single-leg squats, step-downs, lunges).

Input: a height-like signal, larger = higher (the pipeline passes pelvis height divided by
standing leg length); pass ``larger_is_deeper=True`` for knee flexion. Definitions:

1. NaN gaps are bridged linearly for detection; a rep that contains a gap longer than
   ``bridge_gap_s`` is dropped (its timing would be invented).
2. The signal is smoothed at ``smooth_hz`` for timing (the deepest frame is taken from the raw one).
3. Candidate troughs: ``scipy.signal.find_peaks`` on the negated signal with prominence >=
   ``min_depth`` and troughs at least ``min_rep_s`` apart. Prominence is measured against the
   neighbouring higher ground, so a slow drift of the standing level does not matter.
4. Partial reps: a trough whose prominence is below ``min_fraction_of_typical`` of the typical
   rep depth (75th percentile of the candidates' prominences) is not a rep.
5. Boundaries: between two troughs the standing level is the highest point. A rep starts at the
   last frame before its trough where the signal is within ``boundary_fraction`` of its depth from
   the standing level before it, and ends at the first frame after the trough within that share of
   the standing level after it. A rep whose descent or ascent is shorter than
   ``min_side_ratio`` of the other (the recording begins or ends in the hole, or stops mid-way)
   is dropped.
6. Deepest frame: the middle of the bottom phase, i.e. of the frames around the trough where the
   smoothed signal is within ``bottom_fraction`` of the rep depth of its minimum (with a pause
   at the bottom this is the middle of the pause, otherwise the trough itself).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.signal import find_peaks

from valgus.events.prep import bridge, long_gaps, smooth
from valgus.events.settings import events_params
from valgus.events.types import Rep
from valgus.keypoints import FloatArray
from valgus.settings.events import EventsFile, RepFamily, Reps
from valgus.signals.filtering import sample_rate


def family_params(task_family: str, params: EventsFile | None = None) -> tuple[Reps, RepFamily]:
    """The rep settings and those of the task family (``squat``'s for an unknown family)."""
    reps = (params or events_params()).reps
    return reps, reps.families.get(task_family, reps.families["squat"])


def _troughs(
    s: FloatArray, fs: float, min_depth: float, min_rep_s: float, frac: float
) -> tuple[NDArray[np.intp], FloatArray]:
    """Trough frames and their prominences (a trough's prominence does not depend on the others)."""
    idx, props = find_peaks(-s, prominence=min_depth, distance=max(1, round(min_rep_s * fs)))
    if len(idx) == 0:
        return idx.astype(np.intp), np.zeros(0)
    prom = np.asarray(props["prominences"], dtype=np.float64)
    typical = float(np.percentile(prom, 75))
    keep = prom >= frac * typical
    return idx[keep].astype(np.intp), prom[keep]


def detect_reps(
    signal: FloatArray,
    times: FloatArray,
    task_family: str = "squat",
    *,
    larger_is_deeper: bool = False,
    min_depth: float | None = None,
    params: EventsFile | None = None,
) -> list[Rep]:
    """Repetitions in time order (see module doc for the definitions)."""
    cfg, fam = family_params(task_family, params)
    t = np.asarray(times, dtype=np.float64)
    raw = np.asarray(signal, dtype=np.float64)
    raw = -raw if larger_is_deeper else raw
    if len(raw) < 4 or np.isfinite(raw).sum() < 4:
        return []
    filled, observed = bridge(raw, t)
    gap = long_gaps(observed, t, float(cfg.bridge_gap_s))
    fs = sample_rate(t)
    s = smooth(filled, t, float(cfg.smooth_hz))
    depth_min = fam.min_depth if min_depth is None else min_depth
    frac = fam.min_fraction_of_typical
    troughs, prominences = _troughs(s, fs, depth_min, fam.min_rep_s, frac)
    if len(troughs) == 0:
        return []
    typical = float(np.percentile(prominences, 75))
    bf = float(cfg.boundary_fraction)
    side_ratio = float(cfg.min_side_ratio)
    bottom = float(cfg.bottom_fraction)
    bounds = np.concatenate(([0], troughs, [len(s) - 1]))
    reps: list[Rep] = []
    for i, m in enumerate(troughs):
        left, right = int(bounds[i]), int(bounds[i + 2])
        top_l = left + int(np.argmax(s[left : m + 1]))
        top_r = m + int(np.argmax(s[m : right + 1]))
        d_l, d_r = s[top_l] - s[m], s[top_r] - s[m]
        if min(d_l, d_r) < max(frac * typical, side_ratio * max(d_l, d_r)):
            continue  # begins or ends in the hole
        start = top_l + int(np.flatnonzero(s[top_l : m + 1] >= s[top_l] - bf * d_l)[-1])
        end = m + int(np.flatnonzero(s[m : top_r + 1] >= s[top_r] - bf * d_r)[0])
        if gap[start : end + 1].any():
            continue
        deepest = _bottom_middle(s, int(m), start, end, bottom * max(d_l, d_r))
        reps.append(
            Rep(
                start=int(start),
                deepest=deepest,
                end=int(end),
                t_start=float(t[start]),
                t_deepest=float(t[deepest]),
                t_end=float(t[end]),
                depth=float((d_l + d_r) / 2.0),
            )
        )
    return reps


def _bottom_middle(s: FloatArray, m: int, start: int, end: int, band: float) -> int:
    """Middle frame of the bottom phase: the run around trough m within ``band`` of the minimum."""
    low = s[start : end + 1] <= s[m] + band
    i = m - start
    left = i - (np.flatnonzero(~low[: i + 1][::-1])[0] if (~low[: i + 1]).any() else i + 1) + 1
    right = i + (np.flatnonzero(~low[i:])[0] if (~low[i:]).any() else len(low) - i) - 1
    return int(start + (left + right) // 2)
