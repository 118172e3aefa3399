"""Condition a recording's keypoints (gate, swap repair, gap fill, low-pass) for the metrics.

Video: the 2-D image keypoints are conditioned (with leg-swap repair) and the same swaps are applied
to the pose model's 3-D world landmarks, which share the labels. Motion capture: the 3-D markers.
"""

from __future__ import annotations

import warnings as warnings_module
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from valgus.keypoints import Keypoints, Recording
from valgus.metrics.frontal import lateral_pair
from valgus.signals.pipeline import condition
from valgus.signals.swaps import UPPER_PAIRS, apply_swap
from valgus.signals.vec import any_last
from valgus.skeleton import INDEX, REQUIRED_FOR_FPPA, SIDES

# What the analysis reads from a video's 3-D world landmarks: the hips (camera yaw, turned
# frames) and hip, knee and ankle (knee flexion). Only these are conditioned, plus the shoulders
# when the hips cannot give the lateral axis (one leg not in the recording).
WORLD_JOINTS_USED = REQUIRED_FOR_FPPA
SHOULDERS = ("left_shoulder", "right_shoulder")


def world_joints(image: Keypoints) -> tuple[str, ...]:
    """The world joints to condition: the shoulders only when they stand in for the hips, judged
    on the conditioned image keypoints (the same landmarks, gated by the same confidence)."""
    if lateral_pair(image.positions) == "hip":
        return WORLD_JOINTS_USED
    return (*WORLD_JOINTS_USED, *SHOULDERS)


@dataclass(frozen=True)
class Conditioned:
    image: Keypoints | None
    world: Keypoints | None
    implausible: NDArray[np.bool_]  # (T, 2) a leg's hip/knee/ankle failed the plausibility gate
    quality: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def _implausible_legs(flags: Any) -> NDArray[np.bool_]:
    bad = flags.implausible_length | flags.jump
    return np.stack(
        [any_last(bad[:, [INDEX[f"{s}_{p}"] for p in ("hip", "knee", "ankle")]]) for s in SIDES],
        axis=1,
    )


def condition_recording(recording: Recording, cutoff: str) -> Conditioned:
    """Condition the recording (``cutoff``: its signals.yaml cut-off entry,
    :func:`~valgus.signals.filtering.cutoff_key`); filter warnings (e.g. a clamped cut-off) become
    quality warnings."""
    with warnings_module.catch_warnings(record=True) as caught:
        warnings_module.simplefilter("always")
        result = _condition(recording, cutoff)
    result.warnings.extend(dict.fromkeys(str(w.message) for w in caught))
    return result


def _condition(recording: Recording, cutoff: str) -> Conditioned:
    warnings: list[str] = []
    if recording.image is not None:
        ci = condition(recording.image, cutoff)
        world = None
        if recording.world is not None:
            w = recording.world
            pos, conf = apply_swap(w.positions, w.confidence, ci.swapped)
            pos, conf = apply_swap(pos, conf, ci.upper_swapped, UPPER_PAIRS)
            cw = condition(
                w.with_positions(pos, conf),
                cutoff,
                repair_leg_swaps=False,
                joints=world_joints(ci.keypoints),
            )
            world = cw.keypoints
        if ci.swaps_repaired:
            warnings.append(
                f"left/right legs swapped by the pose model in {ci.swaps_repaired} "
                "frames were repaired"
            )
        quality = ci.summary()
        if recording.n_people is not None and (recording.n_people > 1).any():
            n = int((recording.n_people > 1).sum())
            quality["frames_with_several_people"] = n
            warnings.append(f"{n} frames show more than one person; the main person was kept")
        return Conditioned(ci.keypoints, world, _implausible_legs(ci.flags), quality, warnings)
    assert recording.world is not None
    cw = condition(recording.world, cutoff)
    return Conditioned(None, cw.keypoints, _implausible_legs(cw.flags), cw.summary(), warnings)
