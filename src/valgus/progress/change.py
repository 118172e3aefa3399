"""Change between two assessments, judged against the smallest detectable difference (SDD)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from valgus.assess.headline import measurement_error
from valgus.progress.series import HEADLINE, Point
from valgus.progress.settings import settings

# metric -> SDD source: a real change must exceed it (others: reported, never called "real")
JUDGED = ("headline", "fppa_deg", "knee_over_foot")


@dataclass(frozen=True)
class Change:
    """One metric's change from ``before`` to ``after`` (valgus positive: down is better)."""

    metric: str
    before: float | None
    after: float | None
    delta: float | None
    sdd: float | None
    real: bool | None  # None: no SDD known for this metric, or a missing reading
    meaning: str  # "improved" | "worse" | "no real change" | "no reading" | "changed (no SDD)"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return asdict(self)


def _finite(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 4)


def judge_change(delta: float | None, sdd: float | None) -> tuple[bool | None, str]:
    """Whether a change in a valgus measure is real (|delta| > SDD) and which way it went.

    A decrease is an improvement (less valgus). Reusable by referral rules.
    """
    if delta is None:
        return None, "no reading"
    if sdd is None:
        return None, "changed (no SDD)" if delta != 0 else "unchanged"
    if abs(delta) <= sdd:
        return False, "no real change"
    return True, "improved" if delta < 0 else "worse"


def sdd_for(metric: str, point: Point) -> float | None:
    """The SDD of a metric: FPPA from the analysis, the headline from its own measure (norms.yaml),
    knee-over-foot from settings, else None."""
    if metric == HEADLINE:
        return (
            None if point.headline_metric is None else measurement_error(point.headline_metric)[1]
        )
    if metric == "fppa_deg":
        return point.fppa_sdd_deg
    if metric == "knee_over_foot":
        return settings().knee_over_foot_sdd
    return None


def compare(before: Point, after: Point, metrics: tuple[str, ...]) -> list[Change]:
    """Per-metric change from one assessment to another."""
    changes = []
    for metric in metrics:
        a, b = _finite(before.means.get(metric)), _finite(after.means.get(metric))
        delta = None if a is None or b is None else round(b - a, 4)
        if metric == HEADLINE and before.headline_metric != after.headline_metric:
            changes.append(Change(metric, a, b, None, None, None, "not comparable (other measure)"))
            continue
        sdd = max(sdd_for(metric, before) or 0, sdd_for(metric, after) or 0) or None
        real, meaning = judge_change(delta, sdd if metric in JUDGED else None)
        changes.append(
            Change(metric, a, b, delta, sdd if metric in JUDGED else None, real, meaning)
        )
    return changes
