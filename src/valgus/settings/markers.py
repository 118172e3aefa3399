"""markers.yaml: mocap / keypoint name maps onto the canonical joints (valgus.skeleton)."""

from __future__ import annotations

from typing import Literal

from valgus.settings.base import DataFile, Strict


class Alternative(Strict):
    """One way of making a joint (see the rules in markers.yaml)."""

    rule: Literal["first_present", "midpoint", "harrington"]
    markers: list[str] | None = None  # first_present
    of: list[list[str]] | None = None  # midpoint: one group per point
    asis: list[str] | None = None  # harrington
    psis: list[str] | None = None
    medial_offset_m: float = 0.0
    note: str | None = None


class Convention(Strict):
    description: str
    joints: dict[str, list[Alternative]]


class OpenposeLayout(Strict):
    n_keypoints: int
    joints: dict[str, int]


class MarkersFile(DataFile):
    FILE = "markers.yaml"
    mocap_conventions: dict[str, Convention]
    trc_export_names: dict[str, str]
    mediapipe_landmarks: dict[str, str]
    openpose_layouts: dict[str, OpenposeLayout]
