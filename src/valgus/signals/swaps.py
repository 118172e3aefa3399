"""Detect and repair left/right leg swaps (a pose model labelling one leg as the other).

Model: each frame is in one of two states, *keep* (labels right) or *swap* (left and right leg
joints exchanged). The labelled trajectory implied by a state sequence should be continuous, so
the cost of going from frame t-1 to frame t is the summed distance each leg joint travels under the
two frames' interpretations (``same`` when both frames have the same state, ``cross`` otherwise).
Unary costs (in units of the median hip width) add hysteresis and anatomy:

- ``prior_cost`` per frame in the swap state, so the labels given are kept unless swapping them
  makes the motion clearly smoother;
- ``side_cost`` per frame (times the share of leg pairs affected, weighted by how wide the hips
  look in that frame) when a leg lies on the other hip's side, i.e. the left knee projected on the
  right-hip-to-left-hip axis is right of the right knee.

The exact minimum-cost state path is found by a two-state Viterbi pass, O(T). The swap state in
all frames amounts to a whole-trial label flip, which is reported separately (``trial_flipped``)
when the legs were on the wrong hip side in at least ``trial_flip_fraction`` of the frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from valgus.signals.config import signals_params
from valgus.skeleton import INDEX, LEG_PAIRS

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

HIP_PAIR = (INDEX["left_hip"], INDEX["right_hip"])


@dataclass(frozen=True)
class SwapRepair:
    positions: FloatArray
    confidence: FloatArray
    swapped: BoolArray  # (T,) frames whose leg labels were exchanged
    trial_flipped: bool  # (nearly) every frame swapped: the trial's labels were mirrored

    @property
    def n_repaired(self) -> int:
        return int(self.swapped.sum())


def _pair_index(pairs: tuple[tuple[int, int], ...]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    left = np.array([a for a, _ in pairs], dtype=np.intp)
    right = np.array([b for _, b in pairs], dtype=np.intp)
    return left, right


def transition_costs(
    positions: FloatArray, pairs: tuple[tuple[int, int], ...] = LEG_PAIRS
) -> tuple[FloatArray, FloatArray]:
    """(T-1,) costs of frame t-1 -> t: same state (``same``) and state change (``cross``)."""
    li, ri = _pair_index(pairs)
    left, right = positions[:, li, :], positions[:, ri, :]
    same = np.linalg.norm(left[1:] - left[:-1], axis=-1) + np.linalg.norm(
        right[1:] - right[:-1], axis=-1
    )
    cross = np.linalg.norm(left[1:] - right[:-1], axis=-1) + np.linalg.norm(
        right[1:] - left[:-1], axis=-1
    )
    both = np.isfinite(same) & np.isfinite(cross)  # compare on the pairs seen in both frames only
    return np.where(both, same, 0.0).sum(axis=1), np.where(both, cross, 0.0).sum(axis=1)


def side_votes(
    positions: FloatArray, pairs: tuple[tuple[int, int], ...] = LEG_PAIRS
) -> tuple[FloatArray, FloatArray]:
    """(T,) share of leg pairs on the wrong hip side, and (T,) weight of that evidence in [0, 1].

    A pair is on the wrong side when (left - right) . (left_hip - right_hip) < 0.
    """
    li, ri = _pair_index(pairs)
    hip = positions[:, HIP_PAIR[0], :] - positions[:, HIP_PAIR[1], :]  # (T, D)
    diff = positions[:, li, :] - positions[:, ri, :]  # (T, P, D)
    dot = np.einsum("tpd,td->tp", diff, hip)
    known = np.isfinite(dot)
    n = known.sum(axis=1)
    wrong = np.where(n > 0, (known & (dot < 0)).sum(axis=1) / np.maximum(n, 1), 0.0)
    width = np.linalg.norm(hip, axis=-1)
    ref = np.nanpercentile(width, 90) if np.isfinite(width).any() else np.nan
    if not (np.isfinite(ref) and ref > 0):
        ref = np.inf
    weight = np.clip(np.nan_to_num(width / ref), 0.0, 1.0)
    weight = np.where(n > 0, weight, 0.0)
    return wrong.astype(np.float64), weight.astype(np.float64)


def viterbi_two_state(unary: FloatArray, same: FloatArray, cross: FloatArray) -> BoolArray:
    """Minimum-cost path of a 2-state chain; unary (T, 2), transitions (T-1,); (T,) state 1."""
    t = unary.shape[0]
    back = np.zeros((t, 2), dtype=bool)  # True: came from the other state
    acc = unary[0].astype(np.float64).tolist()
    u = unary.tolist()
    s_l, c_l = same.tolist(), cross.tolist()
    for i in range(1, t):
        s, c = s_l[i - 1], c_l[i - 1]
        k_stay, k_from = acc[0] + s, acc[1] + c
        w_stay, w_from = acc[1] + s, acc[0] + c
        back[i, 0] = k_from < k_stay
        back[i, 1] = w_from < w_stay
        acc = [min(k_stay, k_from) + u[i][0], min(w_stay, w_from) + u[i][1]]
    states = np.zeros(t, dtype=bool)
    state = bool(acc[1] < acc[0])
    for i in range(t - 1, -1, -1):
        states[i] = state
        if back[i, int(state)]:
            state = not state
    return states


def apply_swap(
    positions: FloatArray,
    confidence: FloatArray,
    swapped: BoolArray,
    pairs: tuple[tuple[int, int], ...] = LEG_PAIRS,
) -> tuple[FloatArray, FloatArray]:
    """Exchange left/right joints of ``pairs`` in the frames where ``swapped`` is True."""
    pos = np.array(positions, dtype=np.float64, copy=True)
    conf = np.array(confidence, dtype=np.float64, copy=True)
    li, ri = _pair_index(pairs)
    perm = np.arange(positions.shape[1])
    perm[li], perm[ri] = ri, li
    rows = np.flatnonzero(swapped)
    pos[rows] = positions[rows][:, perm]
    conf[rows] = confidence[rows][:, perm]
    return pos, conf


def detect_swaps(
    positions: FloatArray,
    *,
    pairs: tuple[tuple[int, int], ...] = LEG_PAIRS,
    use_hip_side: bool = True,
    params: dict[str, Any] | None = None,
) -> BoolArray:
    """(T,) frames whose leg labels should be exchanged (see module doc)."""
    cfg = (params or signals_params())["swaps"]
    t = positions.shape[0]
    if t == 0:
        return np.zeros(0, dtype=bool)
    hip_width = np.linalg.norm(positions[:, HIP_PAIR[0], :] - positions[:, HIP_PAIR[1], :], axis=-1)
    scale = float(np.nanmedian(hip_width)) if np.isfinite(hip_width).any() else np.nan
    if not np.isfinite(scale) or scale <= 0:
        # No hips: measure costs in units of the typical distance between the two legs.
        li, ri = _pair_index(pairs)
        gap = np.linalg.norm(positions[:, li, :] - positions[:, ri, :], axis=-1)
        scale = float(np.nanmedian(gap)) if np.isfinite(gap).any() else 1.0
    unary = np.zeros((t, 2))
    unary[:, 1] = float(cfg["prior_cost"]) * scale
    if use_hip_side and HIP_PAIR[0] not in {p for pr in pairs for p in pr}:
        wrong, weight = side_votes(positions, pairs)
        side = float(cfg["side_cost"]) * scale * weight
        unary[:, 0] += side * wrong
        unary[:, 1] += side * (1.0 - wrong)
    same, cross = transition_costs(positions, pairs)
    return viterbi_two_state(unary, same, cross)


def repair_swaps(
    positions: FloatArray,
    confidence: FloatArray,
    *,
    pairs: tuple[tuple[int, int], ...] = LEG_PAIRS,
    use_hip_side: bool = True,
    params: dict[str, Any] | None = None,
) -> SwapRepair:
    """Detect leg swaps and exchange the labels back; see the module doc for the model."""
    cfg = (params or signals_params())["swaps"]
    swapped = detect_swaps(positions, pairs=pairs, use_hip_side=use_hip_side, params=params)
    pos, conf = apply_swap(positions, confidence, swapped, pairs)
    flipped = bool(len(swapped) > 0 and swapped.mean() >= float(cfg["trial_flip_fraction"]))
    return SwapRepair(pos, conf, swapped, flipped)
