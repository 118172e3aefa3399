"""Reductions over many frame windows at once (one window per rep and side), without a Python loop.

Each window is a contiguous, non-empty frame range [start, stop]. The windows' frames are laid
end to end in one flat index (:class:`Windows`); reductions use ``ufunc.reduceat`` on that flat
layout, so their cost is the total number of frames in the windows, whatever their count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from valgus.keypoints import FloatArray

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.intp]


@dataclass(frozen=True)
class Windows:
    """Frames [start, stop] (inclusive) of W windows, flattened end to end.

    frames: (N,) frame index of every flat element; window: (N,) which window it belongs to;
    offsets: (W,) first flat element of each window; sizes: (W,) frames per window (>= 1).
    """

    frames: IntArray
    window: IntArray
    offsets: IntArray
    sizes: IntArray

    @property
    def local(self) -> IntArray:
        """(N,) position of each flat element inside its window (0 for the window's first frame)."""
        return np.arange(self.frames.size) - self.offsets[self.window]


def windows(start: IntArray, stop: IntArray) -> Windows:
    """The windows [start[i], stop[i]] (inclusive, stop >= start)."""
    start = np.asarray(start, dtype=np.intp)
    sizes = np.asarray(stop, dtype=np.intp) - start + 1
    if (sizes < 1).any():
        raise ValueError("every window needs at least one frame")
    offsets = np.zeros(sizes.size, dtype=np.intp)
    np.cumsum(sizes[:-1], out=offsets[1:])
    window = np.repeat(np.arange(sizes.size, dtype=np.intp), sizes)
    frames = np.arange(int(sizes.sum()), dtype=np.intp) - offsets[window] + start[window]
    return Windows(frames, window, offsets, sizes)


def count(w: Windows, mask: BoolArray) -> IntArray:
    """(W,) number of True flat elements per window."""
    if w.frames.size == 0:
        return np.zeros(0, dtype=np.intp)
    return np.add.reduceat(mask.astype(np.intp), w.offsets)


def first_argmax(w: Windows, values: FloatArray) -> tuple[FloatArray, IntArray]:
    """(W,) NaN-ignoring maximum per window and the flat index of its first occurrence.

    Windows without a finite value give NaN and the window's first flat element.
    """
    top = np.fmax.reduceat(values, w.offsets)
    hit = values == top[w.window]
    flat = np.where(hit, np.arange(values.size), values.size)
    first = np.minimum.reduceat(flat, w.offsets)
    return top, np.where(first < values.size, first, w.offsets)


def nth_true(w: Windows, mask: BoolArray, n: IntArray) -> IntArray:
    """(W,) flat index of the n-th (0-based) True element of each window (n < that window's count)."""
    rank = np.cumsum(mask) - 1  # rank of each True element over the whole flat array
    before = rank[w.offsets] - mask[w.offsets] + 1  # True elements before each window
    wanted = before + n
    where = np.flatnonzero(mask)
    return where[np.clip(wanted, 0, max(where.size - 1, 0))] if where.size else np.zeros_like(n)


def masked_median(w: Windows, values: FloatArray, mask: BoolArray) -> FloatArray:
    """(W,) median of the masked values of each window (NaN where a window has none).

    Same arithmetic as ``np.median``: the middle value, or the mean of the two middle values.
    """
    out = np.full(w.offsets.size, np.nan)
    sel = np.flatnonzero(mask)
    if sel.size == 0:
        return out
    vals, win = values[sel], w.window[sel]
    order = np.lexsort((vals, win))
    vals = vals[order]
    n = np.bincount(win, minlength=w.offsets.size)
    first = np.zeros(n.size, dtype=np.intp)
    np.cumsum(n[:-1], out=first[1:])
    has = n > 0
    hi = first[has] + n[has] // 2
    lo = first[has] + (n[has] - 1) // 2
    out[has] = np.where(lo == hi, vals[hi], (vals[lo] + vals[hi]) / 2.0)
    return out
