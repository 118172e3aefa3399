"""Movement tasks (valgus/data/tasks.yaml): what `valgus analyze --task` accepts, each task's
family, stance rule, norms and headline measure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from valgus.datafiles import load
from valgus.errors import InputError

Sex = Literal["female", "male"]


# How a unilateral task's measured leg is found with --side auto (valgus.analysis.sides).
StanceRule = Literal["planted_foot", "lower_ankle", "most_flexed"]
STANCE_RULES: tuple[StanceRule, ...] = get_args(StanceRule)
# The measure a rep's verdict rests on (tasks.yaml ``headline``).
Headline = Literal["fppa", "knee_over_foot_descent"]
HEADLINES: tuple[Headline, ...] = get_args(Headline)
DEFAULT_HEADLINE: dict[str, Headline] = {"video_2d": "fppa", "motion_3d": "fppa"}


@dataclass(frozen=True)
class Task:
    id: str
    label: str
    family: Literal["squat", "landing"]
    bilateral: bool
    norms: dict[str, str]
    norms_note: str | None
    stance_rule: StanceRule = "planted_foot"
    headline: dict[str, Headline] = field(default_factory=lambda: dict(DEFAULT_HEADLINE))

    def headline_for(self, three_d: bool) -> Headline:
        """The measure a rep's verdict rests on, for 3-D motion files or 2-D video/keypoints."""
        return self.headline["motion_3d" if three_d else "video_2d"]


def task_ids() -> list[str]:
    return list(load("tasks.yaml")["tasks"])


def _stance_rule(task_id: str, rule: str) -> StanceRule:
    if rule not in STANCE_RULES:
        raise ValueError(f"tasks.yaml: task {task_id!r} has unknown stance_rule {rule!r}")
    return rule  # type: ignore[return-value]


def _headline(task_id: str, entry: str | dict[str, str]) -> dict[str, Headline]:
    per_source = entry if isinstance(entry, dict) else dict.fromkeys(DEFAULT_HEADLINE, entry)
    if set(per_source) != set(DEFAULT_HEADLINE):
        raise ValueError(f"tasks.yaml: task {task_id!r} headline needs {sorted(DEFAULT_HEADLINE)}")
    for name in per_source.values():
        if name not in HEADLINES:
            raise ValueError(f"tasks.yaml: task {task_id!r} has unknown headline {name!r}")
    return dict(per_source)  # type: ignore[arg-type]


def get_task(task_id: str) -> Task:
    tasks = load("tasks.yaml")["tasks"]
    if task_id not in tasks:
        raise InputError(f"unknown task {task_id!r}; choose one of: {', '.join(tasks)}")
    t = tasks[task_id]
    return Task(
        id=task_id,
        label=t["label"],
        family=t["family"],
        bilateral=bool(t["bilateral"]),
        norms=dict(t["norms"]),
        norms_note=t.get("norms_note"),
        stance_rule=_stance_rule(task_id, t.get("stance_rule", "planted_foot")),
        headline=_headline(task_id, t.get("headline", "fppa")),
    )
