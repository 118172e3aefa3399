"""Which leg(s) a rep is measured on."""

from __future__ import annotations

from typing import Literal

import numpy as np

from valgus.keypoints import FloatArray
from valgus.skeleton import INDEX, SIDES, Side

SideChoice = Literal["left", "right", "both", "auto"]
LIFTED_FOOT_MIN = 0.05  # ankle at least 5 % of leg length higher = the free (non-stance) leg


def stance_sides(
    frontal: FloatArray, deepest: int, leg_length: float, bilateral: bool, choice: SideChoice
) -> tuple[Side, ...]:
    """Sides to report for one rep.

    Bilateral tasks and ``both``: both legs. ``left``/``right``: that leg. ``auto`` on a unilateral
    task: the stance leg, i.e. the one whose ankle is clearly lower at the deepest point; both legs
    when neither foot is lifted (e.g. a lunge seen from the front).
    """
    if bilateral or choice == "both":
        return SIDES
    if choice in SIDES:
        return (choice,)  # type: ignore[return-value]
    v_left = frontal[deepest, INDEX["left_ankle"], 1]
    v_right = frontal[deepest, INDEX["right_ankle"], 1]
    diff = (v_left - v_right) / leg_length
    if not np.isfinite(diff) or abs(diff) < LIFTED_FOOT_MIN:
        return SIDES
    return ("right",) if diff > 0 else ("left",)
