"""Per-frame, per-joint trust: why a joint position in a frame is not used.

Reasons (each a (T, K) boolean mask):
- ``missing``: no position from the source (NaN).
- ``low_confidence``: confidence below ``gating.min_confidence``.
- ``implausible_length``: a thigh (hip-knee) or shank (knee-ankle) length outside a band around
  its median over the trial (2-D: its ``length_reference_percentile_2d`` percentile, the
  least foreshortened length). The joint blamed is the one the two segments share when both are
  off (the knee), else the distal end of a bad shank (ankle, with heel and toe) or the hip of a
  bad thigh. In 2-D image space a flexed thigh legitimately foreshortens (to 6% of its length in
  real frontal squats), so by default only a too LONG segment counts there
  (``length_band_lower_2d`` = 1.0 disables the lower bound).
- ``jump``: a spike, i.e. the joint's frame-to-frame speed into AND out of the frame both exceed
  ``jump_multiple`` times the joint's ``jump_percentile`` speed over the trial.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from valgus.keypoints import FloatArray
from valgus.settings.signals import SignalsFile
from valgus.signals.config import signals_params
from valgus.signals.vec import any_last, finite_last, nanpercentile_columns, norm_last
from valgus.skeleton import JOINTS, SIDES, side_joint

BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class FrameFlags:
    """Why each joint in each frame is untrusted; every mask is (T, K)."""

    missing: BoolArray
    low_confidence: BoolArray
    implausible_length: BoolArray
    jump: BoolArray

    @property
    def untrusted(self) -> BoolArray:
        return self.missing | self.low_confidence | self.implausible_length | self.jump

    def trusted_frames(self, joints: tuple[str, ...] | None = None) -> BoolArray:
        """(T,) True where every named joint (all by default) is trusted."""
        cols = [JOINTS.index(n) for n in joints] if joints else slice(None)
        return ~any_last(self.untrusted[:, cols])

    def counts(self, joints: tuple[str, ...] | None = None) -> dict[str, int]:
        """Per reason, the number of frames in which any of ``joints`` (all by default) is flagged
        for it (so each count is at most the number of frames)."""
        cols = [JOINTS.index(n) for n in joints] if joints else slice(None)
        masks = {
            "missing": self.missing,
            "low_confidence": self.low_confidence,
            "implausible_length": self.implausible_length,
            "jump": self.jump,
        }
        return {name: int(any_last(mask[:, cols]).sum()) for name, mask in masks.items()}


def low_confidence_mask(confidence: FloatArray, threshold: float) -> BoolArray:
    """True where confidence is known and below ``threshold`` (NaN confidence is not 'low')."""
    c = np.asarray(confidence, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.isfinite(c) & (c < threshold)


def segment_length(positions: FloatArray, a: int, b: int) -> FloatArray:
    """(T,) distance between joints a and b (NaN where either is missing)."""
    return norm_last(positions[:, a, :] - positions[:, b, :])


def _outside_band(length: FloatArray, lower: float, upper: float, ref_pct: float) -> BoolArray:
    ref = np.nanpercentile(length, ref_pct) if np.isfinite(length).any() else np.nan
    if not np.isfinite(ref) or ref <= 0:
        return np.zeros(len(length), dtype=bool)
    with np.errstate(invalid="ignore"):
        return np.isfinite(length) & ((length < ref * (1 - lower)) | (length > ref * (1 + upper)))


def implausible_length_mask(
    positions: FloatArray, band: float, band_lower: float | None = None, ref_percentile: float = 50
) -> BoolArray:
    """(T, K) joints blamed for implausible thigh/shank lengths (see module doc)."""
    t, k = positions.shape[:2]
    out = np.zeros((t, k), dtype=bool)
    lower = band if band_lower is None else band_lower
    for side in SIDES:
        hip, knee, ankle = (side_joint(side, p) for p in ("hip", "knee", "ankle"))
        thigh = _outside_band(segment_length(positions, hip, knee), lower, band, ref_percentile)
        shank = _outside_band(segment_length(positions, knee, ankle), lower, band, ref_percentile)
        both = thigh & shank
        out[:, knee] |= both
        out[:, hip] |= thigh & ~shank
        for part in ("ankle", "heel", "toe"):
            out[:, side_joint(side, part)] |= shank & ~thigh
    return out


def jump_mask(
    positions: FloatArray, times: FloatArray, percentile: float, multiple: float
) -> BoolArray:
    """(T, K) spikes: speed into and out of a frame above ``multiple`` x the percentile speed."""
    t = positions.shape[0]
    if t < 3:
        return np.zeros(positions.shape[:2], dtype=bool)
    dt = np.diff(np.asarray(times, dtype=np.float64))[:, None]
    speed = norm_last(np.diff(positions, axis=0)) / dt  # (T-1, K)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        scale = nanpercentile_columns(speed, percentile)  # (K,)
        high = speed > multiple * scale[None, :]
    high &= np.isfinite(speed)
    out = np.zeros(positions.shape[:2], dtype=bool)
    out[1:-1] = high[:-1] & high[1:]
    return out


@dataclass(frozen=True)
class Gated:
    positions: FloatArray  # NaN where untrusted
    flags: FrameFlags


def gate(
    positions: FloatArray,
    confidence: FloatArray,
    times: FloatArray,
    *,
    image_space: bool = False,
    params: SignalsFile | None = None,
    copy: bool = True,
) -> Gated:
    """Flag untrusted joint-frames and set them to NaN.

    Confidence is applied first; lengths and jumps are judged on the confidence-gated positions.
    ``copy=False``: gate a float64 ``positions`` array in place (the caller's own array).
    """
    cfg = (params or signals_params()).gating
    pos = np.array(positions, dtype=np.float64, copy=copy)
    missing = ~finite_last(pos)
    low = low_confidence_mask(confidence, float(cfg.min_confidence)) & ~missing
    pos[low] = np.nan
    band = float(cfg.length_band)
    lower = float(cfg.length_band_lower_2d) if image_space else band
    ref_pct = float(cfg.length_reference_percentile_2d) if image_space else 50.0
    length = implausible_length_mask(pos, band, lower, ref_pct)
    jump = jump_mask(pos, times, float(cfg.jump_percentile), float(cfg.jump_multiple)) & ~length
    pos[length | jump] = np.nan
    return Gated(pos, FrameFlags(missing, low, length, jump))
