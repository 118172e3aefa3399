"""Two assessment sessions side by side: per task and side, each measure's change and meaning."""

from __future__ import annotations

from dataclasses import dataclass

from valgus.progress.change import Change, compare
from valgus.progress.series import Point, build_series
from valgus.store.history import History


@dataclass(frozen=True)
class SessionComparison:
    """One task and side measured in both sessions (``before`` / ``after`` are None when absent)."""

    task: str
    side: str
    before: Point | None
    after: Point | None
    changes: list[Change]

    @property
    def headline_metric(self) -> str | None:
        """The measure the verdicts rest on (the same in both sessions, else None)."""
        point = self.after or self.before
        return None if point is None else point.headline_metric


def compare_sessions(
    history: History, before_id: int, after_id: int, metrics: tuple[str, ...]
) -> list[SessionComparison]:
    """Every (task, side) of either session; changes are judged against the SDD (down = better).

    The "headline" metric is compared only between sessions resting on the same measure.
    """
    out = []
    for series in build_series(history):
        points = {p.session_id: p for p in series.points}
        before, after = points.get(before_id), points.get(after_id)
        if before is None and after is None:
            continue
        changes = compare(before, after, metrics) if before and after else []
        out.append(SessionComparison(series.task, series.side, before, after, changes))
    return out
