"""Fill short NaN gaps by shape-preserving cubic (PCHIP) interpolation.

A gap is an interior run of NaN samples in one column (joint x axis) with finite samples on both
sides. Its duration is ``t[after] - t[before] - dt`` (dt = median frame step), i.e. about
``n_missing * dt``. Gaps up to ``max_gap_s`` are filled; longer gaps and NaN at the ends of the
recording (nothing to interpolate towards) stay NaN.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.interpolate import PchipInterpolator

from valgus.keypoints import FloatArray
from valgus.settings.signals import SignalsFile
from valgus.signals.config import signals_params
from valgus.signals.runs import true_runs
from valgus.signals.vec import any_last

BoolArray = NDArray[np.bool_]


def fill_gaps(
    x: FloatArray,
    times: FloatArray,
    max_gap_s: float | None = None,
    method: str | None = None,
    params: SignalsFile | None = None,
) -> tuple[FloatArray, BoolArray]:
    """Fill short gaps along axis 0; returns (filled array, mask of filled samples)."""
    cfg = (params or signals_params()).gaps
    max_gap = float(cfg.max_gap_s if max_gap_s is None else max_gap_s)
    how = str(cfg.method if method is None else method)
    arr = np.asarray(x, dtype=np.float64)
    t = np.asarray(times, dtype=np.float64)
    flat = arr.reshape(arr.shape[0], -1)
    out = flat.copy()
    filled = np.zeros(flat.shape, dtype=bool)
    if flat.shape[0] < 3:
        return arr.copy(), filled.reshape(arr.shape)
    dt = float(np.median(np.diff(t)))
    missing = ~np.isfinite(flat)
    for c in np.flatnonzero(missing.any(axis=0)):
        valid = np.flatnonzero(~missing[:, c])
        if len(valid) < 2:
            continue
        starts, stops = true_runs(missing[:, c])
        interior = (starts > 0) & (stops < flat.shape[0])
        starts, stops = starts[interior], stops[interior]
        duration = t[stops] - t[starts - 1] - dt
        short = duration <= max_gap + 1e-9
        if not short.any():
            continue
        idx = np.concatenate(
            [np.arange(a, b) for a, b in zip(starts[short], stops[short], strict=True)]
        )
        if how == "linear" or len(valid) < 3:
            out[idx, c] = np.interp(t[idx], t[valid], flat[valid, c])
        else:
            out[idx, c] = PchipInterpolator(t[valid], flat[valid, c], extrapolate=False)(t[idx])
        filled[idx, c] = True
    return out.reshape(arr.shape), filled.reshape(arr.shape)


def fill_positions(
    positions: FloatArray, times: FloatArray, params: SignalsFile | None = None
) -> tuple[FloatArray, BoolArray]:
    """Fill short gaps in (T, K, D) positions; the (T, K) mask is True where a joint was filled."""
    filled, mask = fill_gaps(positions, times, params=params)
    return filled, any_last(mask)
