"""A change smaller than the SDD is not progress; no progress after 8 weeks -> referral."""

from __future__ import annotations

import datetime as dt

from valgus.program.progress_rules import judge_change, no_progress_referral


def test_change_within_sdd_is_not_progress():
    change = judge_change(15.0, 8.0)  # 7 deg < SDD 8.9 [R1]
    assert change.direction == "no_meaningful_change" and not change.meaningful
    assert change.delta_deg == -7.0 and change.sdd_deg == 8.9


def test_change_beyond_sdd_is_improvement_or_worsening():
    assert judge_change(18.0, 8.0).direction == "improved"
    assert judge_change(5.0, 15.0).direction == "worse"
    assert judge_change(15.0, 8.0, sdd_deg=5.0).direction == "improved"


def test_no_progress_referral_after_eight_weeks():
    start = dt.date(2026, 1, 1)
    flat = [
        (start, 15.0),
        (start + dt.timedelta(weeks=4), 13.0),
        (start + dt.timedelta(weeks=8), 12.0),
    ]
    reason = no_progress_referral(flat)
    assert reason is not None and reason.id == "no_progress"
    assert "sports physiotherapist" in reason.who
    assert no_progress_referral(flat[:2]) is None  # only 4 weeks
    better = [*flat[:2], (start + dt.timedelta(weeks=8), 4.0)]
    assert no_progress_referral(better) is None  # 11 deg > SDD
    assert no_progress_referral(flat, weeks=10) is None
