"""Progress settings come from their one home (norms.yaml, referral.yaml)."""

from __future__ import annotations

from valgus import settings as data
from valgus.assess.norms import fppa_error
from valgus.progress.settings import settings


def test_the_sdd_has_one_home() -> None:
    sem, sdd, _ = fppa_error()
    assert settings().fppa_sdd_deg == sdd == 8.9 and sem == 3.0
    assert (
        settings().knee_over_foot_sdd == data.norms().measurement_error.knee_over_foot.sdd == 0.04
    )


def test_no_progress_weeks_is_the_referral_rule() -> None:
    rule = data.referral().reason("no_progress")
    assert settings().no_progress_weeks == rule.when.no_progress_weeks_min == 8
