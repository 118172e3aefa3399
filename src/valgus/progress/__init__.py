"""Progress: change against measurement error (SDD), trends per week, adherence beside them."""

from valgus.progress.change import Change, compare, judge_change
from valgus.progress.summary import Progress, TaskProgress, no_meaningful_improvement, progress

__all__ = [
    "Change",
    "Progress",
    "TaskProgress",
    "compare",
    "judge_change",
    "no_meaningful_improvement",
    "progress",
]
