"""Red flags and referral reasons from referral.yaml."""

from __future__ import annotations

import pytest

from valgus.plan.assemble import make_plan
from valgus.referral.triage import triage
from valgus.screen.answers import parse_answers


@pytest.mark.parametrize(
    ("data", "reason", "replaces"),
    [
        (
            {"red_flags": {"heard_pop": True, "immediate_swelling": True}},
            "suspected_ligament_injury",
            True,
        ),
        ({"red_flags": {"locking": True}}, "locking", True),
        ({"red_flags": {"cannot_bear_weight_4_steps": True}}, "ottawa_knee_rule", True),
        ({"red_flags": {"acute_injury": True}, "person": {"age_years": 60}}, "ottawa_age", True),
        ({"person": {"pain_score_0_10": 8}}, "severe_pain", True),
        ({"person": {"pain_score_0_10": 4}}, "moderate_pain", False),
        ({"person": {"pain_score_0_10": 3, "pain_duration_weeks": 10}}, "persistent_pain", False),
        ({"person": {"functional_limitation": True}}, "functional_limitation", True),
        (
            {
                "person": {
                    "weeks_of_corrective_training_without_change": 8,
                    "logged_sessions_per_week": 2.5,
                }
            },
            "no_progress",
            False,
        ),
    ],
)
def test_reasons(data, reason, replaces):
    referral = triage(parse_answers(data))
    assert referral.needed
    assert reason in {r.id for r in referral.reasons}
    assert referral.red_flag is replaces
    plan = make_plan(parse_answers(data)).to_dict()
    assert (plan["program"] is None) is replaces
    assert all(r["who"] and r["why"] for r in plan["referral"]["reasons"])


def test_no_flags_no_referral():
    referral = triage(
        parse_answers(
            {"person": {"pain_score_0_10": 2, "age_years": 60}, "red_flags": {"heard_pop": True}}
        )
    )
    assert not referral.needed


def test_ottawa_is_an_emergency_and_listed_first():
    referral = triage(parse_answers({"red_flags": {"locking": True, "cannot_flex_90": True}}))
    assert referral.reasons[0].id == "ottawa_knee_rule"
    assert referral.reasons[0].urgency == "emergency"
    assert "x-ray" in referral.reasons[0].who


def test_moderate_pain_keeps_program_without_landing_drills():
    plan = make_plan(
        parse_answers(
            {
                "person": {"pain_score_0_10": 5},
                "movements": [
                    {
                        "task": "drop-jump",
                        "left": {"fppa_deg": 20, "knee_flexion_deg": 35, "verdict": "excessive"},
                    }
                ],
                "preferences": {"equipment": ["box"]},
            }
        )
    ).to_dict()
    ids = {e["id"] for s in plan["program"]["sessions"] for e in s["exercises"]}
    assert not ids & {"snap_down_landing", "drop_landing", "drop_jump_stick"}


def test_weeks_without_change_but_nothing_logged_is_not_a_referral():
    """'No progress' means something only with logged training: without a log the plan asks
    for one instead of referring (issue #12)."""
    answers = parse_answers({"person": {"weeks_of_corrective_training_without_change": 10}})
    assert "no_progress" not in {r.id for r in triage(answers).reasons}
    plan = make_plan(answers).to_dict()
    assert "no_progress" not in {r["id"] for r in plan["referral"]["reasons"]}
    assert "no sessions were logged" in str(plan)
    low = parse_answers(
        {
            "person": {
                "weeks_of_corrective_training_without_change": 10,
                "logged_sessions_per_week": 1,
            }
        }
    )
    assert "no_progress" not in {r.id for r in triage(low).reasons}
