"""tasks.yaml: the movement tasks `valgus analyze --task` accepts."""

from __future__ import annotations

from typing import Literal

from valgus.settings.base import DataFile, Strict

Sex = Literal["female", "male"]
# How a unilateral task's measured leg is found with --side auto (valgus.analysis.sides).
StanceRule = Literal["planted_foot", "lower_ankle", "most_flexed"]
# The measure a rep's verdict rests on (tasks.yaml ``headline``).
Headline = Literal["fppa", "knee_over_foot_descent"]
Source = Literal["video_2d", "motion_3d"]


class TaskEntry(Strict):
    label: str
    family: Literal["squat", "landing"]
    bilateral: bool
    norms: dict[Sex, str]
    norms_note: str | None = None
    stance_rule: StanceRule = "planted_foot"
    headline: Headline | dict[Source, Headline] = "fppa"


class Landing(Strict):
    min_pelvis_drop: float


class TasksFile(DataFile):
    FILE = "tasks.yaml"
    tasks: dict[str, TaskEntry]
    landing: Landing
