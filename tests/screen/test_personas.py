"""Persona tests: expected outcomes written from the evidence (evidence.md sections 4-7)."""

from __future__ import annotations

from pathlib import Path

import yaml

from valgus.plan.assemble import make_plan
from valgus.screen.answers import load_answers, parse_answers
from valgus.screen.engine import screen


def _answers(tmp_path: Path, data: dict) -> object:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_answers(path)


def test_heel_lift_and_short_lunge_rank_ankle_first(tmp_path, write_analysis):
    # valgus falls by 9.5 deg (> SDD 8.9 [R1]) with heels raised [R56]; lunge 6 cm < 12.5 cm [R64]
    base = write_analysis(
        "base.json",
        task="bilateral-squat",
        fppa={"left": 16.0, "right": 15.0},
        verdict={"left": "excessive", "right": "excessive"},
    )
    heel = write_analysis("heel.json", task="bilateral-squat", fppa={"left": 6.5, "right": 7.0})
    answers = _answers(
        tmp_path,
        {
            "clinical": {"weight_bearing_lunge_cm": {"left": 6, "right": 6.5}},
            "movements": [
                {"file": base, "condition": "baseline"},
                {"file": heel, "condition": "heel_elevated"},
            ],
        },
    )
    result = screen(answers)
    assert result.causes[0].id == "limited_ankle_dorsiflexion"
    assert result.causes[0].likelihood == "likely"
    rules = {e.rule_id for e in result.causes[0].evidence}
    assert {"wblt_below_normal_beyond_mdc", "heel_lift_beyond_sdd"} <= rules
    heel_ev = next(e for e in result.causes[0].evidence if e.rule_id == "heel_lift_beyond_sdd")
    assert heel_ev.value == 9.5 and heel_ev.threshold == 8.9


def test_heel_lift_drop_of_8_deg_with_6cm_lunge_still_ranks_ankle_first():
    answers = parse_answers(
        {
            "clinical": {"weight_bearing_lunge_cm": 6},
            "movements": [
                {
                    "task": "bilateral-squat",
                    "left": {"fppa_deg": 14, "verdict": "excessive"},
                    "right": {"fppa_deg": 13, "verdict": "borderline"},
                },
                {
                    "task": "bilateral-squat",
                    "condition": "heel_elevated",
                    "left": {"fppa_deg": 6},
                    "right": {"fppa_deg": 5},
                },
            ],
        }
    )
    result = screen(answers)
    assert result.causes[0].id == "limited_ankle_dorsiflexion"
    # 8 deg is beyond the SEM (3.0) but not the SDD (8.9): weak, "suggestive" evidence only
    assert "heel_lift_beyond_sem" in {e.rule_id for e in result.causes[0].evidence}
    assert "heel_lift_beyond_sdd" not in {e.rule_id for e in result.causes[0].evidence}


def test_weak_abductors_with_pelvic_drop_make_glute_med_likely(tmp_path, write_analysis):
    # hip ABD 30% BW <= 35.4% BW [R72a]; contralateral pelvic drop [R27]
    sls = write_analysis(
        "sls.json",
        task="single-leg-squat",
        fppa={"left": 17.0},
        verdict={"left": "excessive"},
        pelvic_drop={"left": 7.0},
    )
    answers = _answers(
        tmp_path,
        {
            "person": {"sex": "female"},
            "clinical": {"hip_abduction_strength_pct_bw": {"left": 30, "right": 38}},
            "movements": [{"file": sls}],
        },
    )
    result = screen(answers)
    glute = result.cause("weak_gluteus_medius")
    assert glute.likelihood == "likely"
    assert result.causes[0].id == "weak_gluteus_medius"
    assert glute.sides == ("left",)
    assert {"hip_abduction_weak", "contralateral_pelvic_drop"} <= {
        e.rule_id for e in glute.evidence
    }


def test_normal_results_everywhere_invent_no_cause(tmp_path, write_analysis):
    base = write_analysis(
        "sq.json",
        task="bilateral-squat",
        fppa={"left": 4.0, "right": 3.0},
        static={"left": 1.0, "right": 0.5},
    )
    sls = write_analysis(
        "sls.json",
        task="single-leg-squat",
        fppa={"left": 6.0, "right": 5.0},
        pelvic_drop={"left": 1.0, "right": 1.5},
    )
    answers = _answers(
        tmp_path,
        {
            "person": {"sex": "male"},
            "clinical": {
                "weight_bearing_lunge_cm": 14,
                "navicular_drop_mm": 7,
                "foot_posture_index": 3,
                "hip_abduction_strength_pct_bw": 42,
                "hip_external_rotation_strength_pct_bw": 25,
                "craigs_test_deg": 12,
                "q_angle_deg": 14,
                "thomas_test_knee_flexion_deg": 75,
                "adductor_length": {"left": "normal", "right": "normal"},
            },
            "movements": [{"file": base}, {"file": sls}],
        },
    )
    result = screen(answers)
    assert not result.ranked("likely")
    assert not result.ranked("possible")
    assert result.cause("limited_ankle_dorsiflexion").likelihood == "unlikely"
    plan = make_plan(answers).to_dict()
    assert plan["referral"]["needed"] is False
    assert plan["program"] is not None  # prevention program, with a note saying so
    assert any("No cause" in n for n in plan["program"]["notes"])


def test_pop_and_swelling_refer_and_replace_the_program():
    answers = parse_answers(
        {
            "red_flags": {"heard_pop": True, "immediate_swelling": True, "giving_way": True},
            "clinical": {"hip_abduction_strength_pct_bw": 28},
        }
    )
    plan = make_plan(answers).to_dict()
    assert plan["referral"]["needed"] is True
    assert plan["referral"]["red_flag"] is True
    assert plan["referral"]["reasons"][0]["id"] == "suspected_ligament_injury"
    assert plan["program"] is None
    assert "red flag" in plan["program_absent_reason"]


def test_no_information_gives_not_enough_information_and_next_tests():
    result = screen(parse_answers({}))
    assert {c.likelihood for c in result.causes} == {"not_enough_information"}
    assert len(result.next_tests) == 3
    assert all(t["how_to"] for t in result.next_tests)
    # the weight-bearing lunge, heel-lift retest and hip strength separate causes best
    assert result.next_tests[0]["id"] in {
        "weight_bearing_lunge",
        "heel_elevated_retest",
        "hip_strength",
    }


def test_static_valgus_points_to_structure():
    answers = parse_answers(
        {
            "movements": [
                {
                    "task": "bilateral-squat",
                    "left": {"fppa_deg": 18, "static_fppa_deg": 11, "verdict": "excessive"},
                    "right": {"fppa_deg": 10, "static_fppa_deg": 1, "verdict": "borderline"},
                }
            ],
            "clinical": {"craigs_test_deg": {"left": 22, "right": 12}},
        }
    )
    structural = screen(answers).cause("structural")
    assert structural.likelihood == "likely"
    assert structural.sides == ("left",)
