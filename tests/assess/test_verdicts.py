"""Which reading decides a rep's verdict, and that the basis names it."""

from __future__ import annotations

from valgus.assess.norms import fppa_norm, knee_over_foot_norm
from valgus.assess.verdicts import knee_over_foot_verdict, rep_verdict
from valgus.tasks import get_task

SQUAT = fppa_norm(get_task("bilateral-squat"), "female")
KOF = knee_over_foot_norm()  # normal <= 0.025, excessive > 0.05 leg lengths [R29][R80]
GATED = "thigh foreshortened"


def test_peak_fppa_decides_when_it_can_be_read() -> None:
    v = rep_verdict(20.0, 0.0, 0.0, 0.0, fppa_norm=SQUAT, kof_norm=KOF, peak_reason=None)
    assert (v.verdict, v.basis) == ("excessive", "fppa_deg")


def test_wide_stance_offset_alone_does_not_overrule_a_normal_descent_angle() -> None:
    """OpenCap squats1: knee 5-6 % medial of the foot axis at depth, 7-8 % already standing."""
    kw = {"fppa_norm": SQUAT, "kof_norm": KOF, "peak_reason": GATED}
    no_standing = rep_verdict(None, -10.9, 0.06, 0.05, **kw)  # type: ignore[arg-type]
    assert (no_standing.verdict, no_standing.basis) == ("normal", "fppa_descent_deg")
    standing = rep_verdict(None, -10.9, 0.06, 0.05, kof_standing=0.08, **kw)  # type: ignore[arg-type]
    assert (standing.verdict, standing.basis) == ("normal", "fppa_descent_deg")


def test_knee_moving_medially_from_standing_overrules_and_is_named_the_basis() -> None:
    v = rep_verdict(
        None, -5.0, 0.09, 0.04, fppa_norm=SQUAT, kof_norm=KOF, peak_reason=GATED, kof_standing=0.02
    )
    assert (v.verdict, v.basis, v.norm) == ("excessive", "knee_over_foot_change", KOF)
    assert v.value is not None and abs(v.value - 0.07) < 1e-9  # the number judged, shown
    assert v.reason is not None and "change from quiet standing (+0.020)" in v.reason
    assert "+0.070 decided" in v.reason


def test_knee_over_foot_alone_when_no_angle_can_be_read() -> None:
    kw = {"fppa_norm": SQUAT, "kof_norm": KOF, "peak_reason": GATED}
    assert rep_verdict(None, None, 0.04, None, **kw).verdict == "borderline"  # type: ignore[arg-type]
    assert rep_verdict(None, None, None, -0.1, **kw).verdict == "normal"  # type: ignore[arg-type]
    nothing = rep_verdict(None, None, None, None, **kw)  # type: ignore[arg-type]
    assert (nothing.verdict, nothing.reason) == ("no_reading", GATED)


SQUAT_DESCENT = knee_over_foot_norm("squat_descent")  # great toe 0.05 ± SEM 0.006


def test_squat_headline_is_judged_against_the_great_toe_with_its_error() -> None:
    judged = [
        knee_over_foot_verdict(x, None, kof_norm=SQUAT_DESCENT) for x in (-0.1, 0.04, 0.05, 0.09)
    ]
    assert [v.verdict for v in judged] == ["normal", "normal", "borderline", "excessive"]
    assert {v.basis for v in judged} == {"knee_over_foot_descent"}
    assert [v.value for v in judged] == [-0.1, 0.04, 0.05, 0.09]


def test_squat_headline_not_measured_is_no_reading_with_filming_advice() -> None:
    v = knee_over_foot_verdict(
        None, "the rep never passed through this window", kof_norm=SQUAT_DESCENT
    )
    assert (v.verdict, v.basis, v.value) == ("no_reading", None, None)
    assert v.reason is not None
    assert "never passed through this window" in v.reason and "film from the front" in v.reason


def test_knee_over_foot_fallback_names_the_value_it_used() -> None:
    kw = {"fppa_norm": SQUAT, "kof_norm": KOF, "peak_reason": GATED}
    v = rep_verdict(None, None, None, -0.065, kof_standing=0.0, **kw)  # type: ignore[arg-type]
    assert (v.basis, v.value) == ("knee_over_foot_descent_change", -0.065)
