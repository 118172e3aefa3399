"""A side's verdict rests on its mean (the number shown beside it), never on a hidden worst rep."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from valgus.assess.headline import summarise_pairs
from valgus.assess.norms import Norm, fppa_norm, knee_over_foot_norm
from valgus.assess.verdicts import ORDER, classify, side_verdict
from valgus.tasks import get_task

SLS_F = fppa_norm(get_task("single-leg-squat"), "female")  # Herrington 2014: 13.5 / 16.8 [R4]
KOF = knee_over_foot_norm("squat_descent")
NORMS = {"fppa_deg": SLS_F, "knee_over_foot_descent": KOF}

angles = st.floats(min_value=-60.0, max_value=80.0, allow_nan=False)
readings = st.lists(
    st.one_of(
        st.tuples(st.just("fppa_deg"), angles),
        st.tuples(st.just("knee_over_foot_descent"), st.floats(min_value=-0.3, max_value=0.3)),
    ),
    min_size=1,
    max_size=12,
)


def _with_norms(pairs: list[tuple[str, float]]) -> list[tuple[str, float, Norm]]:
    return [(k, v, NORMS[k]) for k, v in pairs]


def test_one_rep_above_the_norm_among_normal_ones_is_not_the_side_verdict() -> None:
    # Herrington 2014 [R4] females: reps 10, 18, 12 -> mean 13.3 <= 13.5: normal; 5, 15, 22 -> 14.0
    assert (
        side_verdict(_with_norms([("fppa_deg", 10.0), ("fppa_deg", 18.0), ("fppa_deg", 12.0)]))
        == "normal"
    )
    assert (
        side_verdict(_with_norms([("fppa_deg", 5.0), ("fppa_deg", 15.0), ("fppa_deg", 22.0)]))
        == "borderline"
    )
    assert (
        side_verdict(_with_norms([("fppa_deg", 10.0), ("fppa_deg", 18.0), ("fppa_deg", 26.0)]))
        == "excessive"
    )
    assert side_verdict([]) == "no_reading"


@given(readings)
def test_the_side_verdict_is_its_shown_mean_and_lies_between_its_reps(
    pairs: list[tuple[str, float]],
) -> None:
    verdict = side_verdict(_with_norms(pairs))
    shown = summarise_pairs(list(pairs))
    assert shown is not None
    # the measure the verdict rests on is the one whose mean is shown, and no other
    used = [v for k, v in pairs if k == shown.metric]
    assert len(used) == shown.n
    reps = [classify(v, NORMS[shown.metric]) for v in used]
    # never better than the best rep, never worse than the worst
    assert min(ORDER[r] for r in reps) <= ORDER[verdict] <= max(ORDER[r] for r in reps)
    # and it is the shown mean's verdict, up to the mean's display rounding at a threshold
    norm = NORMS[shown.metric]
    step = 0.05 if shown.unit == "deg" else 0.00005
    lo, hi = classify(shown.mean - step, norm), classify(shown.mean + step, norm)
    assert ORDER[lo] <= ORDER[verdict] <= ORDER[hi]


@given(st.lists(angles, min_size=1, max_size=12))
def test_all_reps_alike_give_that_verdict(values: list[float]) -> None:
    for bound in (SLS_F.normal_max, SLS_F.excessive_above):
        below = [min(v, bound) for v in values]
        assert (
            ORDER[side_verdict(_with_norms([("fppa_deg", v) for v in below]))]
            <= ORDER[classify(bound, SLS_F)]
        )
    above = [max(v, SLS_F.excessive_above + 0.01) for v in values]
    assert side_verdict(_with_norms([("fppa_deg", v) for v in above])) == "excessive"
