"""Progress rules: a change smaller than the SDD is not progress; no progress for N weeks -> referral.

Pure functions for the progress/store feature:
    judge_change(before_deg, after_deg, sdd_deg=None) -> Change
    no_progress_referral(history, sdd_deg=None, weeks=None) -> ReferralReason | None
where ``history`` is a sequence of ``(date, fppa_deg)`` pairs (any order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from valgus.referral.triage import ReferralReason
from valgus.screen.datafiles import load_data


def default_sdd_deg() -> float:
    return float(load_data("screen/settings.yaml")["measurement_error"]["fppa_sdd_deg"]["value"])


def no_progress_weeks() -> int:
    return int(load_data("referral.yaml")["progress"]["no_progress_weeks"]["value"])


@dataclass(frozen=True)
class Change:
    before_deg: float
    after_deg: float
    delta_deg: float  # after minus before; negative = less valgus
    sdd_deg: float
    meaningful: bool
    direction: str  # improved | worse | no_meaningful_change
    message: str


def judge_change(before_deg: float, after_deg: float, sdd_deg: float | None = None) -> Change:
    """Call a change progress only when it exceeds the smallest detectable difference [R1]."""
    sdd = default_sdd_deg() if sdd_deg is None else float(sdd_deg)
    delta = float(after_deg) - float(before_deg)
    meaningful = abs(delta) > sdd
    if not meaningful:
        direction = "no_meaningful_change"
        message = (
            f"change of {delta:+.1f} deg is within the {sdd:.1f} deg smallest detectable difference"
        )
    elif delta < 0:
        direction = "improved"
        message = f"valgus fell by {-delta:.1f} deg, beyond the {sdd:.1f} deg smallest detectable difference"
    else:
        direction = "worse"
        message = f"valgus rose by {delta:.1f} deg, beyond the {sdd:.1f} deg smallest detectable difference"
    return Change(float(before_deg), float(after_deg), delta, sdd, meaningful, direction, message)


def no_progress_referral(
    history: Sequence[tuple[dt.date, float]], sdd_deg: float | None = None, weeks: int | None = None
) -> ReferralReason | None:
    """A referral reason when ``weeks`` (default 8 [R125a]) have passed without meaningful improvement."""
    points = sorted((d, float(v)) for d, v in history)
    if len(points) < 2:
        return None
    limit = no_progress_weeks() if weeks is None else weeks
    first_date, first = points[0]
    span_weeks = (points[-1][0] - first_date).days / 7.0
    if span_weeks < limit:
        return None
    best = min(v for _, v in points[1:])
    if judge_change(first, best, sdd_deg).direction == "improved":
        return None
    entry = next(e for e in load_data("referral.yaml")["reasons"] if e["id"] == "no_progress")
    return ReferralReason(
        entry["id"],
        entry["who"],
        f"{span_weeks:.0f} weeks without a change beyond the measurement's smallest detectable "
        "difference: the cause should be re-assessed.",
        entry["urgency"],
        bool(entry["replaces_program"]),
        tuple(entry["sources"]),
    )
