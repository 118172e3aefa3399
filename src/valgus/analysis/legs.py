"""Which legs are in the recording; the reps of a leg that is not get no reading, with the reason.

A recording may hold one leg only (a single-leg task filmed or captured on one side, a marker set
on one leg): the leg that is there is measured normally, the other one is "not in the recording".
A leg is in the recording when its hip, knee and ankle are seen together in at least
``camera.yaml`` ``confidence.min_fraction_seen`` of the frames.
"""

from __future__ import annotations

from dataclasses import replace

from valgus.errors import InputError, NoPersonError
from valgus.keypoints import FloatArray
from valgus.metrics.frontal import min_seen_fraction, seen_fraction
from valgus.metrics.per_rep import MetricValue, RepMetrics
from valgus.skeleton import SIDES, Side, other, side_joint

LEG_PARTS = ("hip", "knee", "ankle")
# Metrics of one side that also need the other leg (or both hips): docs/metrics.md.
NEEDS_BOTH_LEGS = ("kasr", "khr", "hip_adduction_deg", "pelvic_drop_deg", "trunk_lean_deg")


def leg_seen_fraction(frontal: FloatArray, side: Side) -> float:
    """Share of frames in which the side's hip, knee and ankle are all seen."""
    return seen_fraction(frontal, [side_joint(side, p) for p in LEG_PARTS])


def seen_sides(frontal: FloatArray) -> tuple[Side, ...]:
    """The legs in the recording, in (left, right) order."""
    limit = min_seen_fraction()
    return tuple(s for s in SIDES if leg_seen_fraction(frontal, s) >= limit)


def check_usable(frontal: FloatArray, source: str) -> tuple[Side, ...]:
    """The legs in the recording; NoPersonError when neither leg is seen."""
    seen = seen_sides(frontal)
    if not seen:
        best = max(leg_seen_fraction(frontal, s) for s in SIDES)
        raise NoPersonError(
            f"{source}: the hip, knee and ankle of a leg are visible together in only {best:.0%} "
            "of frames; film the whole body (head to feet) from the front"
        )
    return seen


def absent_reason(side: Side) -> str:
    return f"{side} leg not in the recording"


def check_side_choice(choice: str, seen: tuple[Side, ...], bilateral: bool, source: str) -> None:
    """InputError when ``--side`` names the leg a single-leg recording does not hold."""
    if bilateral or choice not in SIDES or choice in seen:
        return
    side: Side = "left" if choice == "left" else "right"
    raise InputError(
        f"{source}: the {side} leg is not in the recording (only the {other(side)} leg is); "
        f"use --side {other(side)} or --side auto"
    )


def absent_leg(m: RepMetrics) -> RepMetrics:
    """A rep of a leg that is not in the recording: every value None with the reason."""
    why = absent_reason(m.side)
    values = {k: MetricValue(None, v.unit, v.event, v.time_s, why) for k, v in m.values.items()}
    return replace(m, values=values, trusted_fraction=0.0)


def explain_one_leg(m: RepMetrics, missing: Side) -> RepMetrics:
    """On the leg that is there: metrics that need the other leg say so when they have no value."""
    why = f"needs both legs; {absent_reason(missing)}"
    values = {
        k: MetricValue(None, v.unit, v.event, v.time_s, why)
        if k in NEEDS_BOTH_LEGS and v.value is None
        else v
        for k, v in m.values.items()
    }
    return replace(m, values=values)
