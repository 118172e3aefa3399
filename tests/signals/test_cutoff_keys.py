"""signals.yaml cut-offs: each entry is read for its task (or family); a misspelt one fails here."""

from __future__ import annotations

from valgus.datafiles import load
from valgus.signals.config import signals_params
from valgus.signals.filtering import cutoff_for, cutoff_key
from valgus.tasks import get_task, task_ids


def test_every_cutoff_entry_names_a_task_a_family_or_the_default() -> None:
    table = load("signals.yaml")["filter"]["cutoff_hz"]
    tasks = {t.replace("-", "_") for t in task_ids()}
    families = {get_task(t).family for t in task_ids()}
    # drop_jump is the task id; 'landing' the family of the landing tasks
    assert set(table) <= tasks | families | {"default"}, set(table) - tasks - families


def test_a_task_with_its_own_entry_uses_it() -> None:
    shipped = signals_params()
    table = {"single_leg_squat": 4.0, "squat": 6.0, "default": 5.0}
    params = shipped.model_copy(
        update={"filter": shipped.filter.model_copy(update={"cutoff_hz": table})}
    )
    key = cutoff_key("single-leg-squat", "squat", params)
    assert key == "single_leg_squat" and cutoff_for(key, params) == 4.0
    key = cutoff_key("bilateral-squat", "squat", params)
    assert key == "squat" and cutoff_for(key, params) == 6.0
    assert cutoff_for(cutoff_key("lunge", "unknown", params), params) == 5.0
    # the shipped file: drop-jump reads its own entry
    assert cutoff_key("drop-jump", "landing") == "drop_jump"
