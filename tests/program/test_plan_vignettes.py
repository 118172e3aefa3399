"""Vignettes written from shared/reference/evidence.md: typed-in numbers judged like `analyze`,
structural findings referred."""

from __future__ import annotations

from valgus.plan.assemble import make_plan
from valgus.screen.answers import parse_answers


def plan_of(answers: dict) -> dict:
    return make_plan(parse_answers(answers)).to_dict()


def test_typed_in_single_leg_squat_fppa_is_judged_and_load_managed() -> None:
    """20° on a female single-leg squat is above the PFP mean 16.8° [R4] by more than the SEM
    3.0° [R1]: excessive, so the single-leg pattern is not loaded (no level-3 single-leg work).
    (17° would be within measurement error of 16.8°: borderline, see
    tests/screen/test_entered_numbers.py.)"""
    plan = plan_of(
        {
            "person": {"sex": "female"},
            "movements": [{"task": "single-leg-squat", "left": {"fppa_deg": 20.0}}],
            "preferences": {"equipment": ["box", "step", "mini_band"]},
        }
    )
    assert plan["program"] is not None
    assert any("single-leg" in n for n in plan["program"]["load_management"])
    single_leg = {
        "single_leg_box_squat",
        "single_leg_squat",
        "assisted_pistol_squat",
        "pistol_squat",
    }
    ids = {e["id"] for s in plan["program"]["sessions"] for e in s["exercises"]}
    assert not ids & single_leg


def test_large_femoral_anteversion_with_static_valgus_is_referred_for_assessment() -> None:
    plan = plan_of(
        {
            "person": {"sex": "female"},
            "clinical": {"craigs_test_deg": 25, "q_angle_deg": 24},
            "movements": [
                {"task": "single-leg-squat", "left": {"fppa_deg": 20.0, "static_fppa_deg": 12.0}}
            ],
        }
    )
    likely = {c["id"] for c in plan["causes"] if c["likelihood"] == "likely"}
    assert "structural" in likely
    ids = [r["id"] for r in plan["referral"]["reasons"]]
    assert "structural_assessment" in ids
    assert plan["program"] is not None  # a routine assessment, the programme stays
