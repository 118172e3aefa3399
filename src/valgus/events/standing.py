"""Quiet standing windows: pelvis near its top level and the legs still.

- Top level: the 95th percentile of the pelvis height; "near" = within ``top_fraction`` of the
  5-95 percentile range, or within ``top_tolerance`` (leg lengths) when the trial barely moves.
- Still: the fastest of the hips, knees and ankles (the joints the static angles use) moves slower
  than ``max_speed`` leg lengths per second, after a running median over ``speed_median_s``
  (video keypoints jitter frame to frame; a median ignores single-frame spikes).
- A window must last at least ``min_duration_s``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy.ndimage import median_filter

from valgus.events.settings import events_params
from valgus.events.types import Standing
from valgus.keypoints import FloatArray
from valgus.settings.events import EventsFile
from valgus.signals.runs import true_runs
from valgus.signals.vec import norm_last
from valgus.skeleton import INDEX

LEG_JOINTS = tuple(INDEX[f"{s}_{p}"] for s in ("left", "right") for p in ("hip", "knee", "ankle"))


def leg_speed(
    positions: FloatArray,
    times: FloatArray,
    leg_length: float,
    params: EventsFile | None = None,
) -> FloatArray:
    """(T,) speed of the fastest hip/knee/ankle in leg lengths per second, running median over
    ``standing.speed_median_s`` (NaN where no joint is known)."""
    cfg = (params or events_params()).standing
    t = np.asarray(times, dtype=np.float64)
    p = np.asarray(positions, dtype=np.float64)[:, list(LEG_JOINTS), :]
    v = np.gradient(p, t, axis=0)
    speed = norm_last(v) / leg_length
    # Max over joints ignoring NaN: fmax skips NaN unless every joint is NaN.
    fastest = np.asarray(np.fmax.reduce(speed, axis=1))
    if len(t) < 2:
        return fastest
    size = round(float(cfg.speed_median_s) / float(np.median(np.diff(t))))
    if size < 2:
        return fastest
    unknown = ~np.isfinite(fastest)
    # Unknown frames count as moving inside the median, and stay unknown.
    smooth = median_filter(np.where(unknown, np.inf, fastest), size=size, mode="nearest")
    smooth[unknown] = np.nan
    return np.asarray(smooth, dtype=np.float64)


def standing_windows(
    pelvis_height: FloatArray,
    speed: FloatArray,
    times: FloatArray,
    params: EventsFile | None = None,
) -> list[Standing]:
    """All quiet-standing windows in time order. Heights and speed in leg lengths (per second)."""
    cfg = (params or events_params()).standing
    h = np.asarray(pelvis_height, dtype=np.float64)
    t = np.asarray(times, dtype=np.float64)
    if not np.isfinite(h).any() or len(t) < 2:
        return []
    lo, top = np.nanpercentile(h, [5, 95])
    tol = max(float(cfg.top_fraction) * (top - lo), float(cfg.top_tolerance))
    with np.errstate(invalid="ignore"):
        quiet = (h >= top - tol) & (np.asarray(speed) < float(cfg.max_speed))
    starts, stops = true_runs(quiet)
    out = []
    for a, b in zip(starts, stops, strict=True):
        if t[b - 1] - t[a] >= float(cfg.min_duration_s):
            out.append(Standing(int(a), int(b - 1), float(t[a]), float(t[b - 1])))
    return out


def detect_standing(
    pelvis_height: FloatArray,
    speed: FloatArray,
    times: FloatArray,
    which: Literal["longest", "first"] = "longest",
    params: EventsFile | None = None,
) -> Standing | None:
    """The longest (or first) quiet-standing window, or None."""
    wins = standing_windows(pelvis_height, speed, times, params)
    if not wins:
        return None
    return wins[0] if which == "first" else max(wins, key=lambda w: w.duration)
