"""The builder fits equipment/time, respects load management and adds the advice."""

from __future__ import annotations

from valgus.plan.assemble import make_plan
from valgus.screen.answers import parse_answers

OVERPRONATED_WEAK_HIPS = {
    "assessment_date": "2026-03-02",
    "person": {"sport": "handball"},
    "clinical": {
        "foot_posture_index": 10,
        "navicular_drop_mm": 13,
        "hip_abduction_strength_pct_bw": 31,
    },
    "movements": [
        {
            "task": "single-leg-squat",
            "left": {"fppa_deg": 20, "verdict": "excessive"},
            "right": {"fppa_deg": 9, "verdict": "normal"},
        }
    ],
}


def _plan(extra: dict | None = None) -> dict:
    data = {**OVERPRONATED_WEAK_HIPS, **(extra or {})}
    return make_plan(parse_answers(data)).to_dict()


def test_no_equipment_means_no_equipment_exercises():
    plan = _plan(
        {"preferences": {"equipment": [], "sessions_per_week": 2, "minutes_per_session": 20}}
    )
    prog = plan["program"]
    assert len(prog["sessions"]) == 2
    for session in prog["sessions"]:
        for e in session["exercises"]:
            assert set(e["equipment"]) <= {"wall", "chair"}, e["id"]
        assert session["minutes_estimated"] <= 20


def test_excessive_single_leg_valgus_is_not_loaded_and_footwear_advice_given():
    prog = _plan({"preferences": {"equipment": ["step", "box", "mini_band", "foam_roller"]}})[
        "program"
    ]
    loaded = {
        "step_up",
        "single_leg_squat",
        "single_leg_box_squat",
        "pistol_squat",
        "assisted_pistol_squat",
        "single_leg_romanian_deadlift",
    }
    ids = {e["id"] for s in prog["sessions"] for e in s["exercises"]}
    assert not ids & loaded
    assert any("single-leg" in n for n in prog["load_management"])
    assert prog["footwear_advice"] and "orthotic" in prog["footwear_advice"]
    assert "short_foot" in ids
    assert prog["warmup"]["id"] == "fifa_11_plus"
    assert prog["retest"] == {**prog["retest"], "after_weeks": 4, "date": "2026-03-30"}


def test_phases_in_continuum_order_and_time_budget_grows_program():
    short = _plan({"preferences": {"equipment": ["mini_band"], "minutes_per_session": 10}})
    long = _plan({"preferences": {"equipment": ["mini_band"], "minutes_per_session": 45}})
    order = ["inhibit", "lengthen", "activate", "integrate"]
    for plan in (short, long):
        phases = [e["phase"] for e in plan["program"]["sessions"][0]["exercises"]]
        assert phases == sorted(phases, key=order.index)
    assert len(long["program"]["sessions"][0]["exercises"]) > len(
        short["program"]["sessions"][0]["exercises"]
    )


def test_retest_weeks_clamped_to_4_to_6():
    answers = parse_answers(OVERPRONATED_WEAK_HIPS)
    assert make_plan(answers, retest_weeks=9).to_dict()["program"]["weeks"] == 6
    assert len(make_plan(answers, retest_weeks=6).to_dict()["program"]["week_plan"]) == 6
