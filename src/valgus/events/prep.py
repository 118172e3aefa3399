"""Shared preparation of 1-D event signals: bridging NaN gaps and smoothing for timing."""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import NDArray

from valgus.keypoints import FloatArray
from valgus.signals.filtering import CutoffClampedWarning, design, sample_rate
from valgus.signals.runs import true_runs

BoolArray = NDArray[np.bool_]


def bridge(signal: FloatArray, times: FloatArray) -> tuple[FloatArray, BoolArray]:
    """Linear interpolation over every NaN (ends held); also the finite mask."""
    s = np.asarray(signal, dtype=np.float64)
    ok = np.isfinite(s)
    if ok.all() or not ok.any():
        return s.copy(), ok
    return np.interp(times, times[ok], s[ok]), ok


def long_gaps(observed: BoolArray, times: FloatArray, max_gap_s: float) -> BoolArray:
    """(T,) True inside NaN runs longer than ``max_gap_s``."""
    out = np.zeros(len(observed), dtype=bool)
    starts, stops = true_runs(~observed)
    dt = float(np.median(np.diff(times)))
    for a, b in zip(starts, stops, strict=True):
        if (b - a) * dt > max_gap_s:
            out[a:b] = True
    return out


def smooth(signal: FloatArray, times: FloatArray, cutoff_hz: float) -> FloatArray:
    """Zero-lag low-pass of a gap-free 1-D signal (for event timing only)."""
    from scipy.signal import sosfiltfilt

    if len(signal) < 8:
        return np.asarray(signal, dtype=np.float64).copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CutoffClampedWarning)
        sos, _ = design(cutoff_hz, sample_rate(times))
    return np.asarray(sosfiltfilt(sos, signal, padlen=min(9, len(signal) - 1)))
