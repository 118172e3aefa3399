"""events.yaml: event detection (reps, landings, quiet standing, the stance leg)."""

from __future__ import annotations

from valgus.settings.base import DataFile, Strict


class RepFamily(Strict):
    min_depth: float
    min_fraction_of_typical: float
    min_rep_s: float


class Reps(Strict):
    smooth_hz: float
    bottom_fraction: float
    boundary_fraction: float
    bridge_gap_s: float
    min_side_ratio: float
    families: dict[str, RepFamily]


class Landings(Strict):
    ground_percentile: float
    contact_tolerance: float
    min_airborne_s: float
    deepest_window_s: float
    min_contact_s: float
    stop_speed: float


class Standing(Strict):
    min_duration_s: float
    top_fraction: float
    top_tolerance: float
    max_speed: float
    speed_median_s: float


class Stance(Strict):
    min_excursion_difference: float
    min_seen_fraction: float
    lifted_foot_min: float
    min_flexion_difference_deg: float


class EventsFile(DataFile):
    FILE = "events.yaml"
    reps: Reps
    landings: Landings
    standing: Standing
    stance: Stance
