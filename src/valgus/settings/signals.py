"""signals.yaml: signal conditioning (low-pass filter, gaps, gating, left/right swaps)."""

from __future__ import annotations

from typing import Literal

from valgus.settings.base import DataFile, Strict


class Filter(Strict):
    order_per_pass: int
    winter_pass_correction: bool
    max_fraction_of_nyquist: float
    min_run_frames: int
    cutoff_hz: dict[str, float]  # per task id / family key (valgus.signals.filtering.cutoff_key)


class Gaps(Strict):
    max_gap_s: float
    method: Literal["pchip", "linear"]


class Gating(Strict):
    min_confidence: float
    length_band: float
    length_reference_percentile_2d: float
    length_band_lower_2d: float
    jump_percentile: float
    jump_multiple: float


class Swaps(Strict):
    prior_cost: float
    side_cost: float
    whole_body_mirror: bool
    whole_body_mirror_max_s: float
    trial_flip_fraction: float


class SignalsFile(DataFile):
    FILE = "signals.yaml"
    filter: Filter
    gaps: Gaps
    gating: Gating
    swaps: Swaps
