"""tasks.yaml: every task loads, and the measured-leg rule of each unilateral task is the one
its movement needs (docs/signals-and-events.md)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from valgus.datafiles import load
from valgus.settings.tasks import TasksFile
from valgus.tasks import STANCE_RULES, get_task


def test_every_task_loads_with_a_known_stance_rule() -> None:
    for task_id in load("tasks.yaml")["tasks"]:
        assert get_task(task_id).stance_rule in STANCE_RULES


def test_measured_leg_rules() -> None:
    assert get_task("single-leg-squat").stance_rule == "planted_foot"
    assert get_task("step-down").stance_rule == "planted_foot"
    assert get_task("lunge").stance_rule == "lower_ankle"  # a stepping front foot moves
    assert get_task("side-lunge").stance_rule == "most_flexed"


def test_a_misspelt_rule_is_an_error() -> None:
    raw = load("tasks.yaml")
    task = {**raw["tasks"]["single-leg-squat"], "stance_rule": "planted-foot"}
    with pytest.raises(ValidationError, match="stance_rule"):
        TasksFile.model_validate({**raw, "tasks": {**raw["tasks"], "single-leg-squat": task}})
