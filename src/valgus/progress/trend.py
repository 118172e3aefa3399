"""Trend over all assessments: least-squares slope per week, ignoring missing readings."""

from __future__ import annotations

import numpy as np

DAYS_PER_WEEK = 7.0


def slope_per_week(days: np.ndarray, values: np.ndarray) -> float | None:
    """Slope of values over time in units per week; None with fewer than 2 dated readings."""
    ok = np.isfinite(values) & np.isfinite(days)
    if ok.sum() < 2 or np.ptp(days[ok]) == 0:
        return None
    slope_per_day = np.polyfit(days[ok], values[ok], 1)[0]
    return float(slope_per_day * DAYS_PER_WEEK)
