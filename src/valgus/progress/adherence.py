"""Adherence beside progress: sessions done per week and pain after the sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import numpy as np

from valgus.store.history import AdherenceRecord


@dataclass(frozen=True)
class AdherenceSummary:
    """Totals over a period (None when nothing was logged)."""

    days_logged: int
    sessions_done: int
    sessions_per_week: float | None
    mean_pain: float | None
    max_pain: int | None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return asdict(self)


def summarise(
    log: list[AdherenceRecord], start: dt.date | None = None, end: dt.date | None = None
) -> AdherenceSummary:
    """Sessions and pain between start and end (inclusive), sessions per week over that span."""
    rows = [r for r in log if (start is None or r.date >= start) and (end is None or r.date <= end)]
    if not rows:
        return AdherenceSummary(0, 0, None, None, None)
    first = start or rows[0].date
    last = end or rows[-1].date
    weeks = max((last - first).days + 1, 7) / 7.0
    pains = np.array([r.pain_after for r in rows if r.pain_after is not None], dtype=float)
    done = sum(r.sessions_done for r in rows)
    return AdherenceSummary(
        days_logged=len(rows),
        sessions_done=done,
        sessions_per_week=round(done / weeks, 2),
        mean_pain=round(float(pains.mean()), 2) if pains.size else None,
        max_pain=int(pains.max()) if pains.size else None,
    )
