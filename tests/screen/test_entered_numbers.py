"""Typed-in movement numbers are judged by the assess/ norms, and numbers within measurement
error of a cut-off are borderline (not evidence), as #12 asks."""

from __future__ import annotations

from typing import Any

import pytest

from valgus.assess.norms import fppa_error, fppa_norm
from valgus.screen.answers import parse_answers
from valgus.screen.movements import judge_entered, load_movements
from valgus.tasks import get_task


def _answers(sex: str | None, left: dict[str, Any], clinical: dict[str, Any] | None = None):
    return parse_answers(
        {
            "schema_version": "1.0",
            "person": {"sex": sex} if sex else {},
            "clinical": clinical or {},
            "movements": [
                {"task": "single-leg-squat", "condition": "baseline", "left": left},
            ],
        }
    )


def test_typed_in_verdict_is_replaced_by_the_tools_own() -> None:
    # Female SLS: normal <= 13.5, excessive > 16.8 (norms.yaml sls_female, R4); 22 deg is far
    # beyond both: excessive whatever was typed in.
    (m,) = load_movements(_answers("female", {"fppa_deg": 22.0, "verdict": "normal"}))
    assert m.sides["left"].verdict == "excessive"
    assert any("replaced" in n and "excessive" in n for n in m.notes)
    assert m.fppa_sem_deg == fppa_error()[0]


def test_sex_changes_the_verdict_like_analyze() -> None:
    # Female SLS normal <= 13.5 deg, male SLS normal <= 9.8 and excessive > 15.0 (norms.yaml):
    # 5.0 is normal for a woman, 12.5 borderline for a man, 25.0 excessive.
    (f,) = load_movements(_answers("female", {"fppa_deg": 5.0}))
    (m,) = load_movements(_answers("male", {"fppa_deg": 12.5}))
    assert f.sides["left"].verdict == "normal"
    assert m.sides["left"].verdict == "borderline"
    (m2,) = load_movements(_answers("male", {"fppa_deg": 25.0}))
    assert m2.sides["left"].verdict == "excessive"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5.0, "normal"),
        (11.0, "borderline"),
        (16.0, "borderline"),
        (15.2, "borderline"),
        (20.0, "excessive"),
        (17.0, "borderline"),
    ],
)
def test_judge_entered_band(value: float, expected: str) -> None:
    norm = fppa_norm(get_task("single-leg-squat"), "female")  # 13.5 / 16.8
    assert judge_entered(value, norm, 3.0) == expected


def test_value_just_past_the_cut_off_is_excessive_without_band() -> None:
    norm = fppa_norm(get_task("single-leg-squat"), "female")
    assert judge_entered(17.0, norm, 0.1) == "excessive"
    assert judge_entered(13.0, norm, 0.1) == "normal"


def test_a_file_and_the_same_numbers_typed_in_get_the_same_verdict() -> None:
    """examples/answers/sls-left.json stores analyze's worst-rep verdict 'excessive' with a mean
    FPPA of 17.5 deg (female SLS: excessive above 16.8, SEM 3.0): read from the file or typed in
    (as the web form does with a stored trial), the mean is judged once, the same way."""
    import json
    from pathlib import Path

    from valgus.screen.movements import movement_from_analysis

    examples = Path(__file__).resolve().parents[2] / "examples" / "answers"
    data = json.loads((examples / "sls-left.json").read_text())
    from_file = parse_answers(
        {"person": {"sex": "female"}, "movements": [{"file": "sls-left.json"}]},
        base_dir=examples,
    )
    typed = parse_answers(
        {"person": {"sex": "female"}, "movements": [movement_from_analysis(data)]}
    )
    (f,) = load_movements(from_file)
    (t,) = load_movements(typed)
    assert f.sides == t.sides
    assert f.sides["left"].verdict == "borderline" and f.sides["left"].fppa_deg == 17.5
    assert f.notes == t.notes and "excessive" in f.notes[0] and "borderline" in f.notes[0]
