"""Clinical vignettes written from shared/reference/evidence.md (one answers file each in
tests/program/vignettes/, the numbers and their sources in the file's comments): each gives the top
cause the evidence points to, the key exercises for it, footwear advice where the foot is the
cause, and a referral exactly when one is warranted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from valgus.plan.assemble import make_plan, make_plan_from_file
from valgus.program.library import load_library
from valgus.screen.answers import load_answers

HERE = Path(__file__).resolve().parent / "vignettes"
SQUAT_LIKE_OR_LANDING = {"squat", "single_leg", "landing"}
MOVEMENT_TESTS = {
    "single_leg_squat_video",
    "drop_jump_video",
    "heel_elevated_retest",
    "mini_band_retest",
    "hip_strength",
}


def plan(name: str) -> dict[str, Any]:
    return make_plan_from_file(HERE / f"{name}.yaml").to_dict()


def every_exercise(p: dict[str, Any]) -> list[set[str]]:
    return [{e["id"] for e in s["exercises"]} for s in p["program"]["sessions"]]


def referral_ids(p: dict[str, Any]) -> set[str]:
    return {r["id"] for r in p["referral"]["reasons"]}


# name: (top cause, key exercises in every session, footwear advice, referral ids)
CASES = {
    "ankle": (
        "limited_ankle_dorsiflexion",
        {
            "wall_ankle_mobilisation",
            "gastrocnemius_stretch",
            "soleus_stretch",
            "heel_elevated_squat",
        },
        False,
        set(),
    ),
    "hip": (
        "weak_gluteus_medius",
        {"side_lying_hip_abduction", "banded_side_walk"},
        False,
        set(),
    ),
    "foot": ("foot_overpronation", {"short_foot", "heel_raise_slow"}, True, set()),
    "no-progress": (
        "weak_gluteus_medius",
        {"side_lying_hip_abduction", "banded_side_walk"},
        False,
        {"no_progress"},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_top_cause_key_exercises_footwear_and_referral(name: str) -> None:
    top, keys, footwear, referral = CASES[name]
    p = plan(name)
    assert p["causes"][0]["id"] == top and p["causes"][0]["likelihood"] == "likely"
    for session in every_exercise(p):
        assert keys <= session, (name, keys - session)
    assert bool(p["program"]["footwear_advice"]) is footwear
    assert referral_ids(p) == referral
    assert p["referral"]["red_flag"] is False


def test_ankle_plan_holds_back_the_plain_squat_but_not_the_heel_elevated_one() -> None:
    p = plan("ankle")
    notes = " ".join(p["program"]["load_management"])
    assert "Not loaded for now: squat pattern" in notes
    assert "mini_band_squat" not in set().union(*every_exercise(p))
    assert "heel_elevated_retest" not in {t["id"] for t in p["next_tests"]}  # already done


def test_foot_plan_advises_footwear_and_an_assessment_for_orthotics() -> None:
    advice = plan("foot")["program"]["footwear_advice"]
    assert "shoes" in advice and "orthotic" in advice and "podiatrist" in advice


def test_structural_findings_are_referred_and_the_plan_says_so_honestly() -> None:
    p = plan("structural")
    assert p["causes"][0]["id"] == "structural" and p["causes"][0]["likelihood"] == "likely"
    assert referral_ids(p) == {"structural_assessment"}
    assert p["referral"]["red_flag"] is False and p["program"] is not None
    notes = " ".join(p["program"]["notes"])
    assert "No cause was rated likely or possible" not in notes
    assert "structural" in notes.lower() and "bone shape" in notes
    # 19 deg is within the SEM (3.0 [R1]) of the 16.8 deg cut-off [R4]: borderline, so any
    # single-leg loading stays at level 2 or below
    lib = load_library()
    for session in every_exercise(p):
        assert all(lib[i].level <= 2 for i in session if lib[i].loads == "single_leg")


def test_red_flag_is_an_urgent_referral_with_no_programme_and_no_movement_test() -> None:
    p = plan("red-flag")
    assert p["referral"]["red_flag"] is True and p["program"] is None
    assert "suspected_ligament_injury" in referral_ids(p)
    assert {r["urgency"] for r in p["referral"]["reasons"]} >= {"urgent"}
    assert p["next_tests"] == []
    assert "red flag" in p["program_absent_reason"].lower()


def test_persistent_pain_is_referred_and_trained_pain_free() -> None:
    p = plan("persistent-pain")
    assert referral_ids(p) == {"persistent_pain", "moderate_pain"}
    assert p["referral"]["red_flag"] is False and p["program"] is not None
    lib = load_library()
    for session in every_exercise(p):
        assert not {lib[i].loads for i in session} & SQUAT_LIKE_OR_LANDING
    assert not {t["id"] for t in p["next_tests"]} & MOVEMENT_TESTS
    assert "2/10 or less" in p["program"]["retest"]["what"]
    assert p["causes"][0]["id"] in {"weak_gluteus_medius", "weak_gluteus_maximus"}


def test_normal_person_gets_no_cause_no_referral_and_a_prevention_programme() -> None:
    p = plan("normal")
    assert not [c for c in p["causes"] if c["likelihood"] in ("likely", "possible")]
    assert p["referral"]["needed"] is False
    assert "No cause was rated likely or possible" in " ".join(p["program"]["notes"])
    assert p["program"]["warmup"]["id"] == "fifa_11_plus"  # footballer [R84][R85]


def test_no_progress_without_adequate_logged_adherence_is_not_referred() -> None:
    answers = load_answers(HERE / "no-progress.yaml")
    for logged in (0.0, 1.5):
        person = answers.person.model_copy(update={"logged_sessions_per_week": logged})
        p = make_plan(answers.model_copy(update={"person": person})).to_dict()
        assert "no_progress" not in referral_ids(p)
        assert any("do the programme" in n for n in p["notes"])
