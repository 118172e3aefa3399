"""The person's frontal plane: every frontal metric is computed in these 2-D coordinates.

Frontal coordinates (T, K, 2): ``u`` runs along the person's medio-lateral axis, positive towards the
person's LEFT; ``v`` is vertical, positive UP. Units are those of the source (pixels or metres); the
metrics are angles or ratios, or are divided by the leg length.

- From a video (image space, x right, y down) the plane is the image plane. Which way the person faces
  is read from the hips: facing the camera, the person's left hip appears on the image's right.
- From 3-D data (motion capture, or MediaPipe world landmarks) the plane is the person's own: vertical
  axis plus the inter-hip axis projected on the horizontal plane, per frame. It never uses a lab axis,
  so a person facing 30° off the lab's X axis gets the same numbers.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np

from valgus import settings
from valgus.keypoints import FloatArray
from valgus.skeleton import INDEX

LH, RH = INDEX["left_hip"], INDEX["right_hip"]
LS, RS = INDEX["left_shoulder"], INDEX["right_shoulder"]
LateralPair = Literal["hip", "shoulder"]


def min_seen_fraction() -> float:
    """Share of frames a leg (or a pair of joints) must be seen in to count as in the recording."""
    return settings.camera().confidence.min_fraction_seen


def seen_fraction(positions: FloatArray, joints: list[int]) -> float:
    """Share of frames in which all of ``joints`` have finite coordinates."""
    if positions.shape[0] == 0:
        return 0.0
    return float(np.isfinite(positions[:, joints, :]).all(axis=(1, 2)).mean())


def lateral_pair(positions: FloatArray) -> LateralPair | None:
    """Which left/right pair gives the person's medio-lateral axis.

    The hips when both are seen together often enough (the usual case); else the shoulders (a
    recording holding only one leg, e.g. a single-leg task); None when neither pair is there.
    """
    limit = min_seen_fraction()
    if seen_fraction(positions, [LH, RH]) >= limit:
        return "hip"
    if seen_fraction(positions, [LS, RS]) >= limit:
        return "shoulder"
    return None


def lateral_vector(positions: FloatArray) -> FloatArray:
    """(T, D) right -> left vector of the pair from :func:`lateral_pair` (NaN when none)."""
    pair = lateral_pair(positions)
    if pair is None:
        return np.full(positions[:, LH, :].shape, np.nan)
    left, right = (LH, RH) if pair == "hip" else (LS, RS)
    return positions[:, left, :] - positions[:, right, :]


def pelvis_centre(positions: FloatArray) -> FloatArray:
    """(T, D) midpoint of the hips; the one hip seen when the other is not in the recording."""
    hips = positions[:, [LH, RH], :]
    if seen_fraction(positions, [LH, RH]) >= min_seen_fraction():
        return hips.mean(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # frames with neither hip: NaN
        return np.nanmean(hips, axis=1)


def facing_sign(image_positions: FloatArray) -> float:
    """+1 when the person faces the camera (left hip on the image's right), -1 from behind.

    The median over frames of the sign of (left hip x - right hip x); NaN frames are ignored. The
    shoulders stand in when only one hip is in the recording.
    """
    dx = lateral_vector(image_positions)[:, 0]
    med = np.nanmedian(np.sign(dx)) if np.any(np.isfinite(dx)) else 1.0
    return 1.0 if not np.isfinite(med) or med >= 0 else -1.0


def image_to_frontal(image_positions: FloatArray, sign: float | None = None) -> FloatArray:
    """Image (x right, y down) to frontal (u to the person's left, v up)."""
    s = facing_sign(image_positions) if sign is None else sign
    out = np.empty_like(image_positions)
    out[..., 0] = s * image_positions[..., 0]
    out[..., 1] = -image_positions[..., 1]
    return out


@dataclass(frozen=True)
class BodyFrame:
    """Per-frame orthonormal axes of the person: ``ml`` (to the left), ``up``, ``fwd`` (T, 3)."""

    ml: FloatArray
    up: FloatArray
    fwd: FloatArray


def body_frame(positions: FloatArray, up: FloatArray) -> BodyFrame:
    """The person's axes from 3-D positions (T, K, 3) and the lab's unit up vector (3,).

    ml = inter-hip vector (right hip -> left hip) with its vertical part removed (the shoulders'
    when one hip is not in the recording, :func:`lateral_pair`); fwd = up x ml would point
    backwards for a right-handed frame with ml to the left, so fwd = ml x up.
    """
    up = np.asarray(up, dtype=np.float64)
    up = up / np.linalg.norm(up)
    hips = lateral_vector(positions)
    ml = hips - (hips @ up)[:, None] * up[None, :]
    norm = np.linalg.norm(ml, axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        ml = ml / norm
    ups = np.broadcast_to(up, ml.shape).copy()
    fwd = np.cross(ml, ups)
    return BodyFrame(ml=ml, up=ups, fwd=fwd)


def to_body_coordinates(positions: FloatArray, frame: BodyFrame) -> FloatArray:
    """3-D positions (T, K, 3) as (ml, up, fwd) components.

    The horizontal components are taken about the hip centre (the person may walk about the lab);
    the vertical one is the absolute height along ``up``, so landings and depth keep their ground.
    """
    centre = pelvis_centre(positions)
    rel = positions - centre[:, None, :]
    return np.stack(
        [
            np.einsum("tkd,td->tk", rel, frame.ml),
            np.einsum("tkd,td->tk", positions, frame.up),
            np.einsum("tkd,td->tk", rel, frame.fwd),
        ],
        axis=-1,
    )


def world_to_frontal(positions: FloatArray, up: FloatArray) -> tuple[FloatArray, FloatArray]:
    """3-D positions to the person's frontal plane.

    Returns ``(frontal (T, K, 2), body (T, K, 3))`` where body holds (ml, up, fwd) coordinates.
    """
    body = to_body_coordinates(positions, body_frame(positions, up))
    return body[..., :2].copy(), body


def heading_deg(positions: FloatArray, up: FloatArray, reference: FloatArray) -> FloatArray:
    """Per-frame angle (deg) of the inter-hip axis about ``up`` relative to a horizontal ``reference``.

    For MediaPipe world landmarks (camera space, up = -y) with reference = camera x this is the
    camera's yaw relative to the person: 0 when the camera looks square at the person's front or back.
    """
    frame = body_frame(positions, up)
    ref = np.asarray(reference, dtype=np.float64)
    ref = ref - (ref @ frame.up[0]) * frame.up[0]
    ref = ref / np.linalg.norm(ref)
    cos = frame.ml @ ref
    sin = np.einsum("td,td->t", np.cross(ref[None, :], frame.ml), frame.up)
    return np.degrees(np.arctan2(sin, cos))
