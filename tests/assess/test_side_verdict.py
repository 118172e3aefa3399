"""A verdict rests on the number shown beside it: a side on its mean (never a hidden worst rep),
and every verdict on the value as printed against the thresholds as printed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from valgus.assess.headline import format_value, majority_values, summarise_pairs
from valgus.assess.norms import Norm, fppa_norm, knee_over_foot_norm
from valgus.assess.verdicts import ORDER, classify, rep_verdict, side_verdict
from valgus.tasks import get_task

SLS_F = fppa_norm(get_task("single-leg-squat"), "female")  # Herrington 2014: 13.5 / 16.8 [R4]
KOF = knee_over_foot_norm("squat_descent")  # 4.4 % / 5.6 % of leg length
NORMS = {"fppa_deg": SLS_F, "knee_over_foot_descent": KOF}
UNITS = {"fppa_deg": "deg", "knee_over_foot_descent": "leg_length"}

angles = st.floats(min_value=-60.0, max_value=80.0, allow_nan=False)
offsets = st.floats(min_value=-0.3, max_value=0.3, allow_nan=False)
# values on and next to the printed thresholds, where a raw comparison and the print disagree
near_fppa = st.sampled_from([13.5, 16.8]).flatmap(
    lambda t: st.floats(min_value=t - 0.1, max_value=t + 0.1)
)
near_kof = st.sampled_from([0.044, 0.056]).flatmap(
    lambda t: st.floats(min_value=t - 0.001, max_value=t + 0.001)
)
readings = st.lists(
    st.one_of(
        st.tuples(st.just("fppa_deg"), angles | near_fppa),
        st.tuples(st.just("knee_over_foot_descent"), offsets | near_kof),
    ),
    min_size=1,
    max_size=12,
)


def _side(pairs: list[tuple[str, float]]) -> str:
    """The side's verdict as the analysis makes it: over the measure most readings rest on."""
    chosen = majority_values(list(pairs))
    if chosen is None:
        return side_verdict([], SLS_F, "deg")
    key, values = chosen
    return side_verdict(values, NORMS[key], UNITS[key])


def _printed(text: str) -> float:
    """The number a user reads: '+13.5°' -> 13.5; '4.4% medial' -> 4.4, 'lateral' negative."""
    if text == "over":
        return 0.0
    if text.endswith("°"):
        return float(text.rstrip("°"))
    number, side = text.split("% ")
    return float(number) * (1 if side == "medial" else -1)


def _verdict_of_print(text: str, norm: Norm, unit: str) -> str:
    """The verdict a user reaches from the printed number and the printed thresholds."""
    scale = 100.0 if unit == "leg_length" else 1.0
    value = _printed(text)
    if value <= float(f"{norm.normal_max * scale:.1f}"):
        return "normal"
    return "borderline" if value <= float(f"{norm.excessive_above * scale:.1f}") else "excessive"


def test_one_rep_above_the_norm_among_normal_ones_is_not_the_side_verdict() -> None:
    # Herrington 2014 [R4] females: reps 10, 18, 12 -> mean 13.3 <= 13.5: normal; 5, 15, 22 -> 14.0
    cases = {
        (10.0, 18.0, 12.0): "normal",
        (5.0, 15.0, 22.0): "borderline",
        (10.0, 18.0, 26.0): "excessive",
    }
    for values, expected in cases.items():
        assert _side([("fppa_deg", v) for v in values]) == expected
    assert _side([]) == "no_reading"


def test_a_value_printed_at_the_threshold_gets_the_threshold_verdict() -> None:
    # printed "+13.5°" and "4.4% medial" beside "normal ≤ 13.5°" / "normal ≤ 4.4%": normal
    assert _side([("fppa_deg", 13.54)]) == "normal"
    assert _side([("fppa_deg", 13.56)]) == "borderline"
    assert _side([("knee_over_foot_descent", 0.04449)]) == "normal"
    assert _side([("knee_over_foot_descent", 0.0561)]) == "borderline"
    assert _side([("knee_over_foot_descent", 0.0566)]) == "excessive"


@given(readings)
def test_the_side_verdict_is_the_printed_mean_and_lies_between_its_reps(
    pairs: list[tuple[str, float]],
) -> None:
    verdict = _side(pairs)
    shown = summarise_pairs(list(pairs))
    assert shown is not None
    # the measure the verdict rests on is the one whose mean is shown, and no other
    used = [v for k, v in pairs if k == shown.metric]
    assert len(used) == shown.n
    norm, unit = NORMS[shown.metric], UNITS[shown.metric]
    reps = [_verdict_of_print(format_value(v, unit), norm, unit) for v in used]
    # never better than the best rep, never worse than the worst
    assert min(ORDER[r] for r in reps) <= ORDER[verdict] <= max(ORDER[r] for r in reps)
    # and exactly what the printed mean says against the printed thresholds
    assert verdict == _verdict_of_print(shown.text, norm, unit), shown.text


@given(angles | near_fppa, offsets | near_kof)
def test_a_rep_verdict_is_what_its_printed_number_says(fppa: float, kof: float) -> None:
    by_angle = rep_verdict(fppa, None, None, None, fppa_norm=SLS_F, kof_norm=KOF, peak_reason=None)
    assert by_angle.verdict == _verdict_of_print(format_value(fppa, "deg"), SLS_F, "deg")
    by_kof = rep_verdict(None, None, kof, None, fppa_norm=SLS_F, kof_norm=KOF, peak_reason="gated")
    assert by_kof.verdict == _verdict_of_print(format_value(kof, "leg_length"), KOF, "leg_length")


@given(st.lists(angles, min_size=1, max_size=12))
def test_all_reps_alike_give_that_verdict(values: list[float]) -> None:
    for bound in (SLS_F.normal_max, SLS_F.excessive_above):
        below = [min(v, bound) for v in values]
        verdict = _side([("fppa_deg", v) for v in below])
        assert ORDER[verdict] <= ORDER[classify(bound, SLS_F)]
    above = [max(v, SLS_F.excessive_above + 0.06) for v in values]
    assert _side([("fppa_deg", v) for v in above]) == "excessive"
