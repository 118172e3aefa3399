"""camera.yaml: camera-view checks (yaw, foreshortening, plausibility, landmark confidence)."""

from __future__ import annotations

from valgus.settings.base import DataFile, Strict


class Yaw(Strict):
    bias_deg_per_deg: float
    bias_deg_per_deg_deep: float
    ok_max_deg: float
    correct_max_deg: float
    side_view_min_deg: float
    early_check_s: float
    early_min_person_fraction: float


class View2d(Strict):
    frontal_ratio: float
    side_ratio_max: float


class Foreshortening(Strict):
    thigh_min_ratio: float
    thigh_min_vertical_ratio: float
    thigh_max_from_vertical_deg: float


class Plausibility(Strict):
    fppa_abs_max_deg: float


class Confidence(Strict):
    min_fraction_trusted: float
    min_fraction_seen: float


class CameraFile(DataFile):
    FILE = "camera.yaml"
    yaw: Yaw
    view_2d: View2d
    foreshortening: Foreshortening
    plausibility: Plausibility
    confidence: Confidence
