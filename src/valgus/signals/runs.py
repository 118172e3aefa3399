"""Run-length helpers on 1-D boolean masks (vectorised)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.intp]


def true_runs(mask: NDArray[np.bool_]) -> tuple[IntArray, IntArray]:
    """Start (inclusive) and stop (exclusive) indices of every run of True in a 1-D mask."""
    m = np.asarray(mask, dtype=bool).ravel()
    padded = np.concatenate(([False], m, [False]))
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return edges[0::2].astype(np.intp), edges[1::2].astype(np.intp)


def runs_at_least(mask: NDArray[np.bool_], min_len: int) -> NDArray[np.bool_]:
    """The mask with True runs shorter than ``min_len`` removed."""
    starts, stops = true_runs(mask)
    out = np.zeros(len(mask), dtype=bool)
    for a, b in zip(starts, stops, strict=True):
        if b - a >= min_len:
            out[a:b] = True
    return out
