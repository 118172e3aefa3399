"""Signal conditioning of one trial's keypoints.

Order: confidence gate -> leg-swap repair -> plausibility gate (segment lengths, jumps) -> fill
short gaps -> zero-lag low-pass. Swaps are repaired before the plausibility gate because a
swapped leg looks like a jump of every leg joint; repairing first keeps those frames.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from valgus.errors import InputError
from valgus.keypoints import Keypoints
from valgus.settings.signals import SignalsFile
from valgus.signals.config import signals_params
from valgus.signals.filtering import cutoff_for, lowpass, sample_rate
from valgus.signals.gaps import fill_positions
from valgus.signals.gating import FrameFlags, gate, low_confidence_mask
from valgus.signals.swaps import apply_swap, repair_swaps
from valgus.signals.vec import all_last, finite_last
from valgus.skeleton import REQUIRED_FOR_FPPA

BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Conditioned:
    """Conditioned keypoints and the record of what was done to them."""

    keypoints: Keypoints
    flags: FrameFlags  # why joints were untrusted (before gap filling)
    filled: BoolArray  # (T, K) joints filled by interpolation
    swapped: BoolArray  # (T,) frames whose leg labels were exchanged
    upper_swapped: BoolArray  # (T,) of those, frames whose hips and shoulders were exchanged too
    trial_flipped: bool
    cutoff_hz: float  # the low-pass cut-off actually used
    frames_trusted: int  # frames where every FPPA joint passed the gate
    frames_usable: int  # frames where every FPPA joint has a value after gap filling
    swaps_repaired: int

    def summary(self) -> dict[str, Any]:
        return {
            "frames": int(self.keypoints.n_frames),
            "frames_trusted": self.frames_trusted,
            "frames_usable": self.frames_usable,
            "swaps_repaired": self.swaps_repaired,
            "trial_flipped": self.trial_flipped,
            "cutoff_hz": round(self.cutoff_hz, 3),
            # frames in which a hip, knee or ankle was flagged, per reason
            "flagged": self.flags.counts(tuple(REQUIRED_FOR_FPPA)),
        }


def condition(
    kp: Keypoints,
    cutoff: str,
    *,
    repair_leg_swaps: bool | None = None,
    joints: tuple[str, ...] | None = None,
    params: SignalsFile | None = None,
) -> Conditioned:
    """Gate, repair swaps, fill short gaps and low-pass one trial's keypoints.

    ``repair_leg_swaps`` defaults to True for image-space (pose-model) keypoints and False for
    motion capture (labelled markers do not swap). ``joints``: condition only these joints (every
    step treats a joint alone, or a leg's hip, knee and ankle together, so their result is the
    same); the others come back NaN.
    """
    cfg = params or signals_params()
    if kp.n_frames < 2:
        raise InputError("the recording has fewer than two frames; record a full repetition")
    image = kp.space == "image"
    do_swaps = image if repair_leg_swaps is None else repair_leg_swaps

    pos = np.array(kp.positions, dtype=np.float64, copy=True)
    conf = np.array(kp.confidence, dtype=np.float64, copy=True)
    if joints is not None:
        pos[:, [i for i, name in enumerate(kp.joints) if name not in joints]] = np.nan
    pos[low_confidence_mask(conf, float(cfg.gating.min_confidence))] = np.nan
    if do_swaps:
        rep = repair_swaps(pos, conf, params=cfg, fps=sample_rate(kp.times))
        pos, conf, swapped, flipped = rep.positions, rep.confidence, rep.swapped, rep.trial_flipped
        upper = rep.upper_swapped if rep.upper_swapped is not None else np.zeros_like(swapped)
    else:
        swapped, flipped = np.zeros(kp.n_frames, dtype=bool), False
        upper = np.zeros(kp.n_frames, dtype=bool)

    gated = gate(pos, conf, kp.times, image_space=image, params=cfg, copy=False)  # pos is ours
    # The confidence mask was applied before the swap repair: report it on the repaired labels.
    shown = swap_like(kp.positions, swapped, upper) if do_swaps else kp.positions
    raw_missing = ~finite_last(shown)
    low = low_confidence_mask(conf, float(cfg.gating.min_confidence)) & ~raw_missing
    flags = replace(gated.flags, missing=raw_missing, low_confidence=low)

    filled_pos, filled = fill_positions(gated.positions, kp.times, params=cfg)
    smooth, used = lowpass(filled_pos, kp.times, cutoff_for(cutoff, cfg), cfg)

    req = tuple(REQUIRED_FOR_FPPA)
    trusted = int(flags.trusted_frames(req).sum())
    req_idx = [kp.joints.index(n) for n in req]
    usable = int(all_last(finite_last(smooth[:, req_idx, :])).sum())
    return Conditioned(
        keypoints=kp.with_positions(smooth, conf),
        flags=flags,
        filled=filled,
        swapped=swapped,
        upper_swapped=upper,
        trial_flipped=flipped,
        cutoff_hz=used,
        frames_trusted=trusted,
        frames_usable=usable,
        swaps_repaired=int(swapped.sum()),
    )


def swap_like(
    positions: NDArray[np.float64], swapped: BoolArray, upper: BoolArray
) -> NDArray[np.float64]:
    """Apply a repair's label swaps (legs, and hips/shoulders where mirrored) to other positions."""
    from valgus.signals.swaps import UPPER_PAIRS

    conf = np.zeros(positions.shape[:2])
    legs = apply_swap(positions, conf, swapped)[0]
    return apply_swap(legs, conf, upper, UPPER_PAIRS)[0]
