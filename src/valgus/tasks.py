"""Movement tasks (valgus/data/tasks.yaml): what `valgus analyze --task` accepts, each task's
family, stance rule, norms and headline measure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from valgus import settings
from valgus.errors import InputError
from valgus.settings.tasks import Headline, Sex, Source, StanceRule

__all__ = ["HEADLINES", "STANCE_RULES", "Headline", "Sex", "StanceRule", "Task", "get_task"]

STANCE_RULES: tuple[StanceRule, ...] = get_args(StanceRule)
HEADLINES: tuple[Headline, ...] = get_args(Headline)
DEFAULT_HEADLINE: dict[Source, Headline] = {"video_2d": "fppa", "motion_3d": "fppa"}


@dataclass(frozen=True)
class Task:
    id: str
    label: str
    family: Literal["squat", "landing"]
    bilateral: bool
    norms: dict[Sex, str]
    norms_note: str | None
    stance_rule: StanceRule = "planted_foot"
    headline: dict[Source, Headline] = field(default_factory=lambda: dict(DEFAULT_HEADLINE))

    def headline_for(self, three_d: bool) -> Headline:
        """The measure a rep's verdict rests on, for 3-D motion files or 2-D video/keypoints."""
        return self.headline["motion_3d" if three_d else "video_2d"]


def task_ids() -> list[str]:
    return list(settings.tasks().tasks)


def get_task(task_id: str) -> Task:
    tasks = settings.tasks().tasks
    if task_id not in tasks:
        raise InputError(f"unknown task {task_id!r}; choose one of: {', '.join(tasks)}")
    t = tasks[task_id]
    headline = (
        t.headline if isinstance(t.headline, dict) else dict.fromkeys(DEFAULT_HEADLINE, t.headline)
    )
    if set(headline) != set(DEFAULT_HEADLINE):
        raise InputError(f"tasks.yaml: task {task_id!r} headline needs {sorted(DEFAULT_HEADLINE)}")
    return Task(
        id=task_id,
        label=t.label,
        family=t.family,
        bilateral=t.bilateral,
        norms=dict(t.norms),
        norms_note=t.norms_note,
        stance_rule=t.stance_rule,
        headline=dict(headline),
    )
