"""The range of plausible assessment dates, shared by the CLI, answers files and the web."""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.date(1900, 1, 1)


def latest() -> dt.date:
    """Tomorrow: a clock a day ahead is tolerated, a date in the future is not."""
    return dt.date.today() + dt.timedelta(days=1)


def out_of_range(day: dt.date) -> str | None:
    """Why ``day`` cannot be an assessment date, or None when it can."""
    if EARLIEST <= day <= latest():
        return None
    return (
        f"date {day.isoformat()} is outside {EARLIEST.isoformat()} to {latest().isoformat()}: "
        "an assessment cannot be dated in the future"
    )
