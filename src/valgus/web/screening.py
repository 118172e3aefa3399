"""The screening form's data: questionnaire fields, an athlete's usable trials, the answers built.

Movement results are chosen from the athlete's stored trials by id (never a server path): each
chosen trial becomes typed-in numbers (``screen.movements.movement_from_analysis``).
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from valgus.errors import InputError
from valgus.screen.answers import Condition, Task
from valgus.store.history import History

SECTIONS = (
    ("person", "About the person"),
    ("red_flags", "After an injury (red flags)"),
    ("clinical", "Clinical tests"),
    ("preferences", "Training preferences"),
)
CONDITIONS = typing.get_args(Condition)
SCREENING_TASKS = frozenset(typing.get_args(Task))


@dataclass(frozen=True)
class TrialChoice:
    """One stored trial offered as a movement result."""

    id: int
    date: str
    task: str
    source: str
    usable: bool


def trial_choices(history: History) -> list[TrialChoice]:
    """The athlete's trials, newest first; only screening tasks can be chosen."""
    rows = [
        TrialChoice(t.id, s.date.isoformat(), t.task, t.source_name, t.task in SCREENING_TASKS)
        for s in history.sessions
        for t in s.trials
    ]
    return rows[::-1]


def chosen_movements(history: History, form: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """Movement entries for the trials ticked in the form (ids must be the athlete's)."""
    from valgus.screen.movements import movement_from_analysis

    trials = {t.id: t for s in history.sessions for t in s.trials}
    movements = []
    for raw in form.get("trial", []):
        if not raw.isdigit() or int(raw) not in trials:
            raise InputError(f"trial {raw[:20]!r} is not one of {history.athlete.code}'s trials")
        condition = (form.get(f"condition_{raw}") or ["baseline"])[0]
        if condition not in CONDITIONS:
            raise InputError(f"condition must be one of {', '.join(CONDITIONS)}")
        movements.append(movement_from_analysis(trials[int(raw)].analysis, condition))
    return movements


def answers_from(form: Mapping[str, list[str]], history: History | None) -> dict[str, Any]:
    """The answers mapping of a submitted screening form."""
    from valgus.screen.form import answers_from_form
    from valgus.web.submit import optional_date

    data = answers_from_form(form)
    day = optional_date((form.get("assessment_date") or [""])[0], "screening date")
    if day is not None:
        data["assessment_date"] = day.isoformat()
    if history is not None:
        movements = chosen_movements(history, form)
        if movements:
            data["movements"] = movements
    return data
