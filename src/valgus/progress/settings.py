"""Progress settings, each from its one home: the measurement error (norms.yaml
``measurement_error``) and the weeks without change before a re-assessment (referral.yaml, the
``no_progress`` reason)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from valgus import settings as data


@dataclass(frozen=True)
class ProgressSettings:
    """Defaults used when an analysis does not carry its own measurement error."""

    fppa_sdd_deg: float
    knee_over_foot_sdd: float
    no_progress_weeks: float


@cache
def settings() -> ProgressSettings:
    """The settings, parsed once."""
    error = data.norms().measurement_error
    weeks = data.referral().reason("no_progress").when.no_progress_weeks_min
    assert weeks is not None, "referral.yaml: the no_progress reason needs no_progress_weeks_min"
    return ProgressSettings(
        fppa_sdd_deg=error.fppa.sdd_deg,
        knee_over_foot_sdd=error.knee_over_foot.sdd,
        no_progress_weeks=weeks,
    )
