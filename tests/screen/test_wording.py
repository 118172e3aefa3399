"""#12 rough edges: every message is the tool's own words, every question shows its allowed values
and units, and no internal id reaches the person (e.g. ``not_enough_information``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from valgus.cli.plan_output import print_plan
from valgus.errors import AnswersError
from valgus.plan.assemble import make_plan_from_file
from valgus.program.render import to_markdown
from valgus.screen.answers import parse_answers
from valgus.screen.questionnaire import QUESTIONS, allowed_text, ask_answers
from valgus.screen.rules import CAUSES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "answers"
PYTHON_TEXT = ("invalid literal", "base 10", "Input should", "valid integer", "could not convert")


def test_every_question_shows_its_allowed_values_or_range() -> None:
    for q in QUESTIONS:
        side = "left" if "{side}" in q.path else ""
        text = allowed_text(q, side)
        if q.kind in ("int", "float"):
            assert " from " in text and " to " in text, q.path
        elif q.kind in ("choice", "list") and q.path != "person.sport":
            assert "of: " in text and "_" not in text, (q.path, text)
        elif q.kind == "bool":
            assert text == "y or n"
    lunge = next(q for q in QUESTIONS if q.path.startswith("clinical.weight_bearing_lunge_cm"))
    assert allowed_text(lunge, "left") == "a number from 0 to 25 cm"


def _run(replies: dict[str, list[str]]) -> tuple[Any, list[str], list[str]]:
    said: list[str] = []
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        for start, queue in replies.items():
            if prompt.startswith(start) and queue:
                return queue.pop(0)
        return ""

    answers = ask_answers(ask, said.append)
    return answers, said, asked


def test_questionnaire_errors_are_the_tools_own_words() -> None:
    answers, said, asked = _run(
        {
            "Age": ["twenty", "200", "20"],
            "Sex": ["femal", "female"],
            "Where is the pain": ["knee", "front of knee, hip"],
            "Knee-to-wall lunge, left": ["12,5"],
            "Equipment": ["mini band, foam-roller"],
        }
    )
    assert answers.person.age_years == 20 and answers.person.sex == "female"
    assert answers.person.pain_location == ["front_of_knee", "hip"]
    assert answers.clinical.weight_bearing_lunge_cm.left == 12.5
    assert answers.preferences.equipment == ["mini_band", "foam_roller"]
    text = "\n".join(said)
    assert not any(p in text for p in PYTHON_TEXT), text
    assert "'twenty' is not a whole number" in text
    assert "200 is outside the allowed range 5 to 110 years" in text
    assert "'knee' is not one of: front of knee, inside of knee" in text
    assert "answers field" not in text and "docs/answers-schema.md" not in text
    age = next(p for p in asked if p.startswith("Age"))
    assert "[a whole number from 5 to 110 years]" in age
    pain = next(p for p in asked if p.startswith("Where is the pain"))
    assert "front of knee" in pain and "front_of_knee" not in pain


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"person": {"age_years": "twenty"}}, "write a whole number from 5 to 110 years"),
        ({"person": {"sex": "femal"}}, "write one of: female, male (got 'femal')"),
        ({"person": {"pain_location": ["knee"]}}, "front_of_knee, inside_of_knee"),
        ({"clinical": {"navicular_drop_mm": {"left": "x"}}}, "write a number from 0 to 30 mm"),
        ({"red_flags": {"heard_pop": "yes"}}, "write true or false"),
        ({"assessment_date": "2026-13-01"}, "write a date as YYYY-MM-DD"),
        ({"preferences": {"equipment": "band"}}, "mini_band, long_band"),
        ({"clinical": {"adductor_length": "tight"}}, "one of: restricted, normal"),
        (
            {"movements": [{"task": "lunge", "left": {"fppa_deg": "9"}}]},
            "write a number from -45 to 60 degrees",
        ),
    ],
)
def test_answers_file_errors_show_allowed_values_and_units(
    data: dict[str, Any], expected: str
) -> None:
    with pytest.raises(AnswersError) as caught:
        parse_answers(data)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message and not any(p in message for p in PYTHON_TEXT)


@pytest.mark.parametrize("name", ["hip-weakness.yaml", "ankle-limited.yaml"])
def test_plan_outputs_show_no_internal_ids(name: str) -> None:
    plan = make_plan_from_file(EXAMPLES / name).to_dict()
    console = Console(record=True, width=300, color_system=None)
    print_plan(console, plan)
    for text in (console.export_text(), to_markdown(plan)):
        for cause in CAUSES:
            assert cause not in text, cause
        assert "not_enough_information" not in text
        assert "single-leg-squat" not in text and "bilateral-squat" not in text
