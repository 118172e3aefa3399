"""Bad answers get one clear message naming the field; nothing crashes."""

from __future__ import annotations

import pytest

from valgus.errors import AnswersError
from valgus.screen.answers import load_answers, parse_answers


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"clinical": {"weight_bearing_lunge_cm": {"left": 45}}},
            ["clinical.weight_bearing_lunge_cm.left", "0 to 25 cm", "weight_bearing_lunge_deg"],
        ),
        (
            {"clinical": {"weight_bearing_lunge": 9}},
            [
                "clinical.weight_bearing_lunge",
                "not a known field",
                "did you mean weight_bearing_lunge_cm",
            ],
        ),
        ({"person": {"pain_score_0_10": 11}}, ["person.pain_score_0_10", "0 to 10"]),
        (
            {"clinical": {"hip_abduction_strength_pct_bw": 0.3}},
            ["clinical.hip_abduction_strength_pct_bw", "percent"],
        ),
        (
            {"clinical": {"navicular_drop_mm": "8"}},
            ["clinical.navicular_drop_mm", "without quotes"],
        ),
        (
            {"movements": [{"task": "single-leg-squat", "left": {"fppa": 12}}]},
            ["movements[0].left.fppa", "did you mean fppa_deg"],
        ),
        (
            {"movements": [{"condition": "heel_lifted", "file": "a.json"}]},
            ["movements[0].condition", "heel_elevated"],
        ),
        ({"persona": {}}, ["persona", "did you mean person"]),
    ],
)
def test_bad_answers_name_the_field(data, expected):
    with pytest.raises(AnswersError) as info:
        parse_answers(data)
    message = str(info.value)
    assert "\n" not in message
    for part in expected:
        assert part in message


def test_scalar_means_both_sides_and_degrees_convert_to_cm():
    from valgus.screen.facts import derive_facts

    answers = parse_answers(
        {"clinical": {"weight_bearing_lunge_deg": {"left": 36}, "navicular_drop_mm": 8}}
    )
    assert answers.clinical.navicular_drop_mm.right == 8
    facts = derive_facts(answers)
    assert facts.get("left", "wblt_cm") == pytest.approx(10.0)  # 36 deg / 3.6 deg per cm [R61]
    assert facts.get("right", "wblt_cm") is None


def test_missing_movement_file_and_bad_yaml(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("movements:\n  - {file: nowhere.json}\n", encoding="utf-8")
    from valgus.screen.engine import screen

    with pytest.raises(AnswersError, match=r"nowhere\.json cannot be read"):
        screen(load_answers(path))
    path.write_text("person: [unclosed\n", encoding="utf-8")
    with pytest.raises(AnswersError, match="not valid YAML"):
        load_answers(path)
    with pytest.raises(AnswersError, match="cannot read"):
        load_answers(tmp_path / "missing.yaml")


def test_not_an_analysis_file(tmp_path):
    (tmp_path / "x.json").write_text('{"hello": 1}', encoding="utf-8")
    (tmp_path / "a.yaml").write_text("movements: [{file: x.json}]\n", encoding="utf-8")
    from valgus.screen.engine import screen

    with pytest.raises(AnswersError, match="lacks task/reps"):
        screen(load_answers(tmp_path / "a.yaml"))


def test_example_answer_files_validate():
    from pathlib import Path

    from valgus.plan.assemble import make_plan

    folder = Path(__file__).resolve().parents[2] / "examples" / "answers"
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 3
    for f in files:
        assert make_plan(load_answers(f)).to_dict()["causes"]
