"""Every frontal metric for every frame, with the reason a frame's knee angle is not trusted."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from valgus import settings
from valgus.keypoints import FloatArray
from valgus.metrics import alignment, angles
from valgus.metrics.frontal import pelvis_centre
from valgus.skeleton import INDEX


class Untrusted(IntEnum):
    """Why a frame's frontal knee reading is not trusted (per frame and side)."""

    OK = 0
    MISSING = 1  # a landmark is missing or below the confidence threshold
    FORESHORTENED = 2  # the thigh points at the camera: not a frontal angle
    IMPLAUSIBLE = 3  # gated by the signal checks (jumps, segment lengths)
    TURNED = 4  # the pelvis is turned away from the camera in this frame (video)
    SEVERAL_PEOPLE = 5  # more than one person in view: the legs may belong to someone else
    SIDEWAYS = 6  # 2-D: the thigh lies sideways in the picture (hip far abducted, lateral lunge)


REASON_TEXT = {
    Untrusted.MISSING: "hip, knee or ankle not visible with enough confidence",
    Untrusted.FORESHORTENED: "thigh foreshortened (pointing forward, seen end-on from the front)",
    Untrusted.IMPLAUSIBLE: "implausible landmark positions",
    Untrusted.TURNED: "pelvis turned away from the frontal plane",
    Untrusted.SEVERAL_PEOPLE: "more than one person in view",
    Untrusted.SIDEWAYS: "thigh sideways (hip far abducted): not a knee angle",
}


@dataclass(frozen=True)
class FrameMetrics:
    """Per-frame metrics, (T, 2) arrays are (left, right); (T,) arrays are whole-body."""

    times: FloatArray
    fppa: FloatArray
    untrusted: NDArray[np.int8]
    knee_over_foot: FloatArray
    medial_knee: FloatArray
    hip_adduction: FloatArray
    pelvic_drop: FloatArray
    trunk_lean: FloatArray
    knee_flexion: FloatArray  # NaN when no 3-D data
    kasr: FloatArray
    khr: FloatArray
    depth: FloatArray  # hip height above the lowest ankle / leg length (~1 standing)
    leg_length: FloatArray  # (2,) in source units

    @property
    def trusted(self) -> NDArray[np.bool_]:
        return self.untrusted == Untrusted.OK


def reference_length(lengths: FloatArray) -> FloatArray:
    """Standing length of a segment per side: the 90th percentile over frames (robust to flexion)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a leg not in the recording: NaN
        return (
            np.nanpercentile(lengths, 90, axis=0)
            if np.any(np.isfinite(lengths))
            else np.full(lengths.shape[1], np.nan)
        )


def compute_frame_metrics(
    times: FloatArray,
    frontal: FloatArray,
    *,
    body: FloatArray | None = None,
    positions_3d: FloatArray | None = None,
    implausible: NDArray[np.bool_] | None = None,
    turned: NDArray[np.bool_] | None = None,
    several_people: NDArray[np.bool_] | None = None,
) -> FrameMetrics:
    """All per-frame metrics from frontal coordinates (T, K, 2).

    body: (T, K, 3) person-aligned 3-D coordinates (ml, up, fwd), when the source is 3-D; then
    knee-over-foot follows the foot's own axis and foreshortening uses true 3-D thigh length.
    positions_3d: 3-D positions for knee flexion (mocap, or MediaPipe world landmarks for video).
    implausible: (T, 2) frames flagged by the signal checks.
    turned: (T,) video frames in which the pelvis is turned too far from the camera's axis.
    several_people: (T,) video frames in which the pose model saw more than one person.
    """
    cfg = settings.camera().foreshortening
    leg = reference_length(alignment.segment_lengths(frontal, "hip", "ankle"))
    thigh2d = alignment.segment_lengths(frontal, "hip", "knee")
    if body is not None:
        thigh_ref = alignment.segment_lengths(body, "hip", "knee")
    else:
        thigh_ref = np.broadcast_to(reference_length(thigh2d), thigh2d.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        foreshortened = thigh2d / thigh_ref < cfg.thigh_min_ratio
        sideways = np.zeros(foreshortened.shape, dtype=bool)
        if body is None:
            vertical = np.stack(
                [
                    frontal[:, INDEX[f"{s}_hip"], 1] - frontal[:, INDEX[f"{s}_knee"], 1]
                    for s in ("left", "right")
                ],
                axis=1,
            )
            flat = vertical / thigh_ref < cfg.thigh_min_vertical_ratio
            # A thigh seen at full length but far from vertical lies sideways in the picture
            # (lateral lunge): the angle is the hip's abduction, not the knee's alignment.
            sideways = (
                flat
                & ~foreshortened
                & (vertical < np.cos(np.radians(cfg.thigh_max_from_vertical_deg)) * thigh2d)
            )
            foreshortened |= flat & ~sideways

    fppa = angles.fppa(frontal)
    untrusted = np.zeros(fppa.shape, dtype=np.int8)
    untrusted[foreshortened] = Untrusted.FORESHORTENED
    untrusted[sideways] = Untrusted.SIDEWAYS
    if turned is not None:
        untrusted[turned] = Untrusted.TURNED
    if several_people is not None:
        untrusted[several_people] = Untrusted.SEVERAL_PEOPLE
    with np.errstate(invalid="ignore"):
        # An angle beyond any published value is landmark error, unless the thigh's geometry
        # (foreshortened, sideways) already says why it is not a knee angle.
        wild = np.abs(fppa) > settings.camera().plausibility.fppa_abs_max_deg
    untrusted[wild & (untrusted == Untrusted.OK)] = Untrusted.IMPLAUSIBLE
    if implausible is not None:
        untrusted[implausible] = Untrusted.IMPLAUSIBLE
    untrusted[~np.isfinite(fppa)] = Untrusted.MISSING

    kof = (
        alignment.knee_over_foot_3d(body, leg)
        if body is not None
        else alignment.knee_over_foot_2d(frontal, leg)
    )
    hips_v = pelvis_centre(frontal)[:, 1]
    ankles_v = np.fmin(frontal[:, INDEX["left_ankle"], 1], frontal[:, INDEX["right_ankle"], 1])
    flexion = (
        angles.knee_flexion_3d(positions_3d)
        if positions_3d is not None
        else np.full(fppa.shape, np.nan)
    )
    return FrameMetrics(
        times=times,
        fppa=fppa,
        untrusted=untrusted,
        knee_over_foot=kof,
        medial_knee=alignment.medial_knee_position(frontal, leg),
        hip_adduction=angles.hip_adduction(frontal),
        pelvic_drop=angles.contralateral_pelvic_drop(frontal),
        trunk_lean=angles.trunk_lean(frontal),
        knee_flexion=flexion,
        kasr=alignment.knee_ankle_separation_ratio(frontal),
        khr=alignment.knee_hip_separation_ratio(frontal),
        depth=(hips_v - ankles_v) / np.nanmean(leg),
        leg_length=leg,
    )
