"""Dates typed on the command line: one parser, one clear message."""

from __future__ import annotations

import datetime as dt

from valgus.errors import InputError

EARLIEST = dt.date(1900, 1, 1)


def parse_date(text: str | None, *, default: dt.date | None = None) -> dt.date | None:
    """YYYY-MM-DD, not before 1900 and not after tomorrow (a clock a day ahead is tolerated)."""
    if text is None:
        return default
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"date {text[:40]!r} is not a date in the form YYYY-MM-DD") from None
    latest = dt.date.today() + dt.timedelta(days=1)
    if not EARLIEST <= day <= latest:
        raise InputError(
            f"date {day.isoformat()} is outside {EARLIEST.isoformat()} to {latest.isoformat()}: "
            "an assessment cannot be dated in the future"
        )
    return day
