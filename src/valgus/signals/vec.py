"""Fast element-wise helpers over a short last axis (x, y[, z]) of large (T, ...) arrays.

NumPy reductions over a last axis of length 2-3 (``np.linalg.norm(..., axis=-1)``,
``np.isfinite(...).all(axis=-1)``) are several times slower than the same work written per
component; these helpers do the latter.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from valgus.keypoints import FloatArray

BoolArray = NDArray[np.bool_]


def norm_last(v: FloatArray) -> FloatArray:
    """Euclidean length over the last axis (NaN where any component is NaN)."""
    a = np.asarray(v, dtype=np.float64)
    return np.asarray(np.sqrt(np.einsum("...i,...i->...", a, a)))


def finite_last(v: FloatArray) -> BoolArray:
    """True where every component on the last axis is finite."""
    a = np.asarray(v)
    out = np.isfinite(a[..., 0])
    for i in range(1, a.shape[-1]):
        out &= np.isfinite(a[..., i])
    return out


def any_last(m: BoolArray) -> BoolArray:
    """True where any element on the last axis is True."""
    a = np.asarray(m, dtype=bool)
    out = a[..., 0].copy()
    for i in range(1, a.shape[-1]):
        out |= a[..., i]
    return out


def all_last(m: BoolArray) -> BoolArray:
    """True where every element on the last axis is True."""
    a = np.asarray(m, dtype=bool)
    out = a[..., 0].copy()
    for i in range(1, a.shape[-1]):
        out &= a[..., i]
    return out


def seen_frames(positions: FloatArray) -> BoolArray:
    """(T,) frames of (T, K, D) keypoints in which at least one joint has every coordinate."""
    return any_last(finite_last(positions))


def nanpercentile_columns(x: FloatArray, q: float) -> FloatArray:
    """``np.nanpercentile(x, q, axis=0)`` of a 2-D array, without its slow per-column path.

    Columns without NaN go through one ``np.percentile`` call (same arithmetic); the others are
    done one by one (all-NaN columns give NaN with numpy's RuntimeWarning).
    """
    cols = np.ascontiguousarray(np.asarray(x, dtype=np.float64).T)  # (K, N)
    out = np.empty(cols.shape[0])
    full = np.isfinite(cols).all(axis=1)
    if full.any():
        out[full] = np.percentile(cols[full], q, axis=1)
    for k in np.flatnonzero(~full):
        out[k] = np.nanpercentile(cols[k], q)
    return out
