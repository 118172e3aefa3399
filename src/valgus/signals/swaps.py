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
  right-hip-to-left-hip axis is right of the right knee. With ``whole_body_mirror`` (2-D image
  keypoints, given the frame rate), in a short run of frames whose hips run across the image the
  other way than in most of the trial the hips are taken as mirrored too (``mirrored_frames``): a
  pose model that mirrors the whole body keeps each leg on its own hip's side, and while it tracks
  the person it can stay mirrored for many frames with no jump for the transition costs to see
  (Pose2Sim cam02: 21 frames, 0.35 s, in a row).

The exact minimum-cost state path is found by a two-state Viterbi pass, O(T), vectorised
(a blocked scan of the cost difference between the states; see ``viterbi_two_state``). The swap state in
all frames amounts to a whole-trial label flip, which is reported separately (``trial_flipped``)
when the legs were on the wrong hip side in at least ``trial_flip_fraction`` of the frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from valgus.keypoints import FloatArray
from valgus.settings.signals import SignalsFile
from valgus.signals.config import signals_params
from valgus.signals.runs import true_runs
from valgus.signals.vec import norm_last
from valgus.skeleton import INDEX, LEG_PAIRS

BoolArray = NDArray[np.bool_]

HIP_PAIR = (INDEX["left_hip"], INDEX["right_hip"])
UPPER_PAIRS: tuple[tuple[int, int], ...] = tuple(
    (INDEX[f"left_{p}"], INDEX[f"right_{p}"]) for p in ("hip", "shoulder")
)


def upper_body_also_swapped(positions: FloatArray, swapped: BoolArray) -> BoolArray:
    """(T,) swapped frames in which the hips and shoulders are mirrored too (a whole-body mirror).

    A pose model that loses track of which way the person faces mirrors the whole skeleton, not
    just the legs (Pose2Sim cam02: in all 27 frames with crossed legs the hips were crossed too).
    ``positions`` are the labels as given; in a swapped frame the true left knee is the one
    labelled right. The hips go with their thighs: when pairing each hip with the knee the repair
    will call its own is longer than the crossed pairing, the hips (and shoulders) were mirrored too.
    """
    lh, rh = positions[:, INDEX["left_hip"]], positions[:, INDEX["right_hip"]]
    lk, rk = positions[:, INDEX["left_knee"]], positions[:, INDEX["right_knee"]]
    # After the leg repair the left knee is today's right-labelled knee (and vice versa).
    own = norm_last(lh - rk) + norm_last(rh - lk)
    crossed = norm_last(lh - lk) + norm_last(rh - rk)
    with np.errstate(invalid="ignore"):
        return swapped & (crossed < own)


@dataclass(frozen=True)
class SwapRepair:
    positions: FloatArray
    confidence: FloatArray
    swapped: BoolArray  # (T,) frames whose leg labels were exchanged
    trial_flipped: bool  # (nearly) every frame swapped: the trial's labels were mirrored
    upper_swapped: BoolArray | None = None  # (T,) swapped frames whose hips/shoulders were too

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
    same = norm_last(left[1:] - left[:-1]) + norm_last(right[1:] - right[:-1])
    cross = norm_last(left[1:] - right[:-1]) + norm_last(right[1:] - left[:-1])
    both = np.isfinite(same) & np.isfinite(cross)  # compare on the pairs seen in both frames only
    return np.where(both, same, 0.0).sum(axis=1), np.where(both, cross, 0.0).sum(axis=1)


def mirrored_frames(positions: FloatArray, max_frames: int) -> BoolArray:
    """(T,) image frames taken as whole-body mirrors by the pose model.

    Such a frame's hips run across the image the other way than in most of the trial (the sign of
    the summed left-minus-right hip x: wide hips count more), in a run of at most ``max_frames``
    frames with frames of the usual order before and after it. A model that mirrors the body
    keeps every leg on its own hip's side, so only this shows it; a person who really turns round
    stays turned for longer than a mirror lasts (or until the clip's start or end), and is left
    alone.
    """
    dx = positions[:, HIP_PAIR[0], 0] - positions[:, HIP_PAIR[1], 0]
    usual = np.sign(np.nansum(dx))
    t = dx.shape[0]
    if usual == 0 or t == 0:
        return np.zeros(t, dtype=bool)
    with np.errstate(invalid="ignore"):
        opposite = np.sign(dx) == -usual
    starts, stops = true_runs(opposite)
    keep = (stops - starts <= max_frames) & (starts > 0) & (stops < t)
    edges = np.zeros(t + 1, dtype=np.int64)
    np.add.at(edges, starts[keep], 1)
    np.add.at(edges, stops[keep], -1)
    return np.asarray(np.cumsum(edges[:-1]) > 0)


def side_votes(
    positions: FloatArray,
    pairs: tuple[tuple[int, int], ...] = LEG_PAIRS,
    mirrored: BoolArray | None = None,
) -> tuple[FloatArray, FloatArray]:
    """(T,) share of leg pairs on the wrong hip side, and (T,) weight of that evidence in [0, 1].

    A pair is on the wrong side when (left - right) . (left_hip - right_hip) < 0; in ``mirrored``
    frames (see :func:`mirrored_frames`) the hips themselves are taken as exchanged.
    """
    li, ri = _pair_index(pairs)
    hip = positions[:, HIP_PAIR[0], :] - positions[:, HIP_PAIR[1], :]  # (T, D)
    if mirrored is not None:
        hip = np.where(mirrored[:, None], -hip, hip)
    diff = positions[:, li, :] - positions[:, ri, :]  # (T, P, D)
    dot = np.einsum("tpd,td->tp", diff, hip)
    known = np.isfinite(dot)
    n = known.sum(axis=1)
    wrong = np.where(n > 0, (known & (dot < 0)).sum(axis=1) / np.maximum(n, 1), 0.0)
    width = norm_last(hip)
    ref = np.nanpercentile(width, 90) if np.isfinite(width).any() else np.nan
    if not (np.isfinite(ref) and ref > 0):
        ref = np.inf
    weight = np.clip(np.nan_to_num(width / ref), 0.0, 1.0)
    weight = np.where(n > 0, weight, 0.0)
    return wrong.astype(np.float64), weight.astype(np.float64)


def _step_maps(
    unary: FloatArray, same: FloatArray, cross: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Per-step maps of the cost difference d = acc[swap] - acc[keep], d_t = f_t(d_{t-1}).

    With g = cross - same and du = unary[t, 1] - unary[t, 0]:
    f_t(d) = clip(sign(g) * d, -|g|, |g|) + du, written as clip(sigma * d + k, lo, hi).
    """
    g = np.asarray(cross, dtype=np.float64) - np.asarray(same, dtype=np.float64)
    du = unary[1:, 1] - unary[1:, 0]
    sigma = np.where(g >= 0, 1.0, -1.0)
    width = np.abs(g)
    return sigma, du, du - width, du + width


def _compose(
    f: tuple[FloatArray, ...], g: tuple[FloatArray, ...]
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """g after f, both clip(sigma * x + k, lo, hi) maps (element-wise over arrays of maps)."""
    sf, kf, lof, hif = f
    sg, kg, log, hig = g
    pos = sg > 0
    a = np.where(pos, lof, -hif) + kg
    b = np.where(pos, hif, -lof) + kg
    return sg * sf, sg * kf + kg, np.clip(a, log, hig), np.clip(b, log, hig)


def _scan_differences(d0: float, maps: tuple[FloatArray, ...]) -> FloatArray:
    """d_0 = d0, d_t = f_t(d_{t-1}) for all t, by a blocked scan (no per-frame Python loop).

    The maps are cut into blocks of B; each block's maps are composed (vectorised over blocks),
    the block starting values follow by a short scalar pass over the blocks, and the values
    inside the blocks are then applied vectorised over blocks, B steps in all.
    """
    n = maps[0].shape[0]
    out = np.empty(n + 1)
    out[0] = d0
    if n == 0:
        return out
    size = max(8, int(np.sqrt(n / 8.0)))
    nb = -(-n // size)
    pad = nb * size - n
    identity = (1.0, 0.0, -np.inf, np.inf)
    blocks = tuple(
        np.ascontiguousarray(np.concatenate([m, np.full(pad, fill)]).reshape(nb, size).T)
        for m, fill in zip(maps, identity, strict=True)
    )  # (size, nb): row j holds the j-th map of every block
    whole = tuple(b[0] for b in blocks)
    for j in range(1, size):
        whole = _compose(whole, tuple(b[j] for b in blocks))
    starts = np.empty(nb)
    x = float(d0)
    for i, (sg, k, lo, hi) in enumerate(zip(*(w.tolist() for w in whole), strict=True)):
        starts[i] = x
        x = min(max(sg * x + k, lo), hi)
    values = np.empty((size, nb))
    x_arr = starts
    sg_b, k_b, lo_b, hi_b = blocks
    for j in range(size):
        x_arr = np.minimum(np.maximum(sg_b[j] * x_arr + k_b[j], lo_b[j]), hi_b[j])
        values[j] = x_arr
    out[1:] = values.T.ravel()[:n]
    return out


def viterbi_two_state(unary: FloatArray, same: FloatArray, cross: FloatArray) -> BoolArray:
    """Minimum-cost path of a 2-state chain; unary (T, 2), transitions (T-1,); (T,) state 1.

    Vectorised: the forward pass only needs d = acc[1] - acc[0], which follows a clamp map per
    frame (see ``_step_maps``), found by a blocked scan. The back-pointers follow from d: at
    frame t, keep came from swap when d_{t-1} < -g and swap came from keep when d_{t-1} > g.
    Each backward step is then identity, negation or a constant, so the path is read off with
    cumulative sums (parity of negations up to the next constant).
    """
    t = unary.shape[0]
    if t == 0:
        return np.zeros(0, dtype=bool)
    unary = np.asarray(unary, dtype=np.float64)
    maps = _step_maps(unary, same, cross)
    d = _scan_differences(float(unary[0, 1] - unary[0, 0]), maps)
    g = np.asarray(cross, dtype=np.float64) - np.asarray(same, dtype=np.float64)
    from_swap = d[:-1] < -g  # keep at t came from swap at t-1
    from_keep = d[:-1] > g  # swap at t came from keep at t-1
    # Backward map of step i (states[i-1] from states[i]), index i = 1..T-1; index T: the end.
    negate = np.zeros(t + 1, dtype=bool)
    const = np.zeros(t + 1, dtype=bool)
    value = np.zeros(t + 1, dtype=bool)
    negate[1:t] = from_swap & from_keep
    const[1:t] = from_swap ^ from_keep
    value[1:t] = from_swap & ~from_keep
    const[t], value[t] = True, bool(d[-1] < 0)
    idx = np.where(const, np.arange(t + 1), t)
    nxt = np.minimum.accumulate(idx[::-1])[::-1]  # next constant map at or after i
    flips = np.concatenate((np.cumsum(negate[::-1])[::-1], [0]))  # negations in [i, T]
    i = np.arange(1, t + 1)
    parity = (flips[i] - flips[nxt[i]]) % 2 == 1
    return np.asarray(value[nxt[i]] ^ parity, dtype=bool)


def apply_swap(
    positions: FloatArray,
    confidence: FloatArray,
    swapped: BoolArray,
    pairs: tuple[tuple[int, int], ...] = LEG_PAIRS,
) -> tuple[FloatArray, FloatArray]:
    """Exchange left/right joints of ``pairs`` in the frames where ``swapped`` is True.

    Returns new arrays, or the inputs themselves (as float64) when no frame is swapped: do not
    modify the result in place.
    """
    rows = np.flatnonzero(swapped)
    if rows.size == 0:
        return np.asarray(positions, dtype=np.float64), np.asarray(confidence, dtype=np.float64)
    pos = np.array(positions, dtype=np.float64, copy=True)
    conf = np.array(confidence, dtype=np.float64, copy=True)
    li, ri = _pair_index(pairs)
    perm = np.arange(positions.shape[1])
    perm[li], perm[ri] = ri, li
    pos[rows] = positions[rows][:, perm]
    conf[rows] = confidence[rows][:, perm]
    return pos, conf


def detect_swaps(
    positions: FloatArray,
    *,
    pairs: tuple[tuple[int, int], ...] = LEG_PAIRS,
    use_hip_side: bool = True,
    params: SignalsFile | None = None,
    fps: float | None = None,
) -> BoolArray:
    """(T,) frames whose leg labels should be exchanged (see module doc); ``fps`` (2-D image
    keypoints) enables the whole-body mirror rule."""
    cfg = (params or signals_params()).swaps
    t = positions.shape[0]
    if t == 0:
        return np.zeros(0, dtype=bool)
    hip_width = norm_last(positions[:, HIP_PAIR[0], :] - positions[:, HIP_PAIR[1], :])
    scale = float(np.nanmedian(hip_width)) if np.isfinite(hip_width).any() else np.nan
    if not np.isfinite(scale) or scale <= 0:
        # No hips: measure costs in units of the typical distance between the two legs.
        li, ri = _pair_index(pairs)
        gap = norm_last(positions[:, li, :] - positions[:, ri, :])
        scale = float(np.nanmedian(gap)) if np.isfinite(gap).any() else 1.0
    unary = np.zeros((t, 2))
    unary[:, 1] = float(cfg.prior_cost) * scale
    if use_hip_side and HIP_PAIR[0] not in {p for pr in pairs for p in pr}:
        mirrored = None
        if positions.shape[-1] == 2 and fps is not None and cfg.whole_body_mirror:
            max_frames = round(float(cfg.whole_body_mirror_max_s) * fps)
            mirrored = mirrored_frames(positions, max_frames)
        wrong, weight = side_votes(positions, pairs, mirrored)
        side = float(cfg.side_cost) * scale * weight
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
    params: SignalsFile | None = None,
    fps: float | None = None,
) -> SwapRepair:
    """Detect leg swaps and exchange the labels back; see the module doc for the model."""
    cfg = (params or signals_params()).swaps
    swapped = detect_swaps(
        positions, pairs=pairs, use_hip_side=use_hip_side, params=params, fps=fps
    )
    upper = upper_body_also_swapped(positions, swapped)
    pos, conf = apply_swap(positions, confidence, swapped, pairs)
    pos, conf = apply_swap(pos, conf, upper, UPPER_PAIRS)
    flipped = bool(len(swapped) > 0 and swapped.mean() >= float(cfg.trial_flip_fraction))
    return SwapRepair(pos, conf, swapped, flipped, upper)
