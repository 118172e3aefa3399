"""Dates typed on the command line: one parser, one clear message."""

from __future__ import annotations

import datetime as dt

from valgus.dates import EARLIEST, out_of_range
from valgus.errors import InputError

__all__ = ["EARLIEST", "parse_date"]


def parse_date(text: str | None, *, default: dt.date | None = None) -> dt.date | None:
    """YYYY-MM-DD, not before 1900 and not after tomorrow (a clock a day ahead is tolerated)."""
    if text is None:
        return default
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"date {text[:40]!r} is not a date in the form YYYY-MM-DD") from None
    problem = out_of_range(day)
    if problem is not None:
        raise InputError(problem)
    return day
