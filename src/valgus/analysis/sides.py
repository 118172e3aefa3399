"""Which leg(s) a rep is measured on."""

from __future__ import annotations

from typing import Literal, cast

import numpy as np

from valgus.events.settings import events_params
from valgus.keypoints import FloatArray
from valgus.settings.events import Stance
from valgus.skeleton import INDEX, SIDES, Side, other
from valgus.tasks import StanceRule

SideChoice = Literal["left", "right", "both", "auto"]


def _params() -> Stance:
    return events_params().stance


def ankle_excursion(
    frontal: FloatArray, start: int, end: int, leg_length: float, min_seen: float
) -> FloatArray:
    """Per side (left, right): the ankle's largest range of motion (u or v) over frames
    [start, end], in leg lengths; NaN when the ankle is seen in fewer than ``min_seen`` of them."""
    ankles = frontal[start : end + 1, [INDEX["left_ankle"], INDEX["right_ankle"]], :]
    seen = np.isfinite(ankles).all(axis=2).mean(axis=0)
    out = np.full(2, np.nan)
    ok = seen >= min_seen
    if ok.any():
        a = ankles[:, ok, :]
        out[ok] = (np.nanmax(a, axis=0) - np.nanmin(a, axis=0)).max(axis=1) / leg_length
    return out


def planted_side(
    frontal: FloatArray, start: int, end: int, leg_length: float, params: Stance
) -> Side | None:
    """The side whose ankle stays put over the rep while the other one moves clearly more."""
    left, right = ankle_excursion(frontal, start, end, leg_length, params.min_seen_fraction)
    if not (np.isfinite(left) and np.isfinite(right)):
        return None
    if abs(left - right) < params.min_excursion_difference:
        return None
    return "left" if left < right else "right"


def lower_side(frontal: FloatArray, deepest: int, leg_length: float, params: Stance) -> Side | None:
    """The side whose ankle is clearly lower in the image at the deepest point."""
    v_left = frontal[deepest, INDEX["left_ankle"], 1]
    v_right = frontal[deepest, INDEX["right_ankle"], 1]
    diff = (v_left - v_right) / leg_length
    if not np.isfinite(diff) or abs(diff) < params.lifted_foot_min:
        return None
    return "right" if diff > 0 else "left"


def most_flexed_side(knee_flexion: FloatArray | None, deepest: int, params: Stance) -> Side | None:
    """The side whose knee is clearly more bent at the deepest point (knee_flexion (T, 2), deg)."""
    if knee_flexion is None:
        return None
    left, right = knee_flexion[deepest]
    diff = left - right
    if not np.isfinite(diff) or abs(diff) < params.min_flexion_difference_deg:
        return None
    return "left" if diff > 0 else "right"


def stance_sides(
    frontal: FloatArray,
    span: tuple[int, int, int],
    leg_length: float,
    bilateral: bool,
    choice: SideChoice,
    rule: StanceRule = "planted_foot",
    knee_flexion: FloatArray | None = None,
) -> tuple[Side, ...]:
    """Sides to report for one rep; ``span`` is the rep's (start, deepest, end) frames.

    Bilateral tasks and ``both``: both legs. ``left``/``right``: that leg. ``auto`` on a unilateral
    task, by the task's ``rule`` (tasks.yaml ``stance_rule``): the planted foot (the ankle that
    stays put over the rep while the other moves; else the clearly lower ankle), the clearly lower
    ankle at the deepest point, or the clearly more bent knee there. Both legs when the rule does
    not tell (e.g. a split squat with both feet level in the image).
    """
    if bilateral or choice == "both":
        return SIDES
    if choice in SIDES:
        return (choice,)  # type: ignore[return-value]
    start, deepest, end = span
    params = _params()
    side: Side | None
    if rule == "most_flexed":
        side = most_flexed_side(knee_flexion, deepest, params)
    elif rule == "lower_ankle":
        side = lower_side(frontal, deepest, leg_length, params)
    else:
        side = planted_side(frontal, start, end, leg_length, params)
        if side is None:
            side = lower_side(frontal, deepest, leg_length, params)
    return SIDES if side is None else (side,)


def lifted_reps(auto: list[tuple[Side, ...]], side: str, bilateral: bool) -> set[int]:
    """1-based reps in which the leg named by ``--side`` is clearly the lifted (free) leg, when
    the legs alternate (it is the stance leg in other reps): those reps are not measured for it."""
    if bilateral or side not in SIDES:
        return set()
    free = (other(cast(Side, side)),)
    if not any(a == (side,) for a in auto):
        return set()
    return {i for i, a in enumerate(auto, start=1) if a == free}


def side_warnings(
    auto: list[tuple[Side, ...]], side: str, skipped: set[int], bilateral: bool, label: str
) -> list[str]:
    """What to tell the user when ``--side`` names a leg that is lifted in some or all reps."""
    if bilateral or side not in SIDES or not auto:
        return []
    if skipped:
        reps = ", ".join(str(i) for i in sorted(skipped))
        return [
            f"the legs alternate: in rep(s) {reps} the {side} leg is not the working leg (the "
            "other leg is), so those reps are not measured for it; --side auto measures each rep "
            "on its working leg"
        ]
    if all(a == (other(cast(Side, side)),) for a in auto):
        return [
            f"the {side} leg looks like the free leg (not loaded) of this {label}, not the "
            "stance leg; check --side"
        ]
    return []
