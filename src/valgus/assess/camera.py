"""Camera view: front / back / oblique / side, and the camera's yaw relative to the person.

The yaw comes from the pose model's 3-D world landmarks when there are any (the inter-hip and
inter-shoulder axes against the camera's x axis), else from the 2-D shoulder-width / trunk-height
ratio (unsigned). Thresholds: ``valgus/data/camera.yaml`` (measured facts in pose-model.md).

Sign of the world-landmark yaw (camera axes: x right, y down, z away from the camera): the heading
of the person's right->left hip axis from the camera's x axis, counter-clockwise seen from above,
i.e. its sine is the axis' z component. Facing the camera square the person's left hip is on the
image's right: 0°. With the camera off to the person's LEFT front, their left hip is nearer the
camera (z < 0): the yaw is NEGATIVE; off to their right front it is positive. Seen from behind
(the yaw is then taken from the back) the signs swap: negative = the camera is off to the person's
RIGHT. Proved with a virtual pinhole camera in ``tests/assess/test_camera_direction.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from valgus import settings
from valgus.keypoints import FloatArray
from valgus.metrics.frontal import heading_deg, pelvis_centre
from valgus.skeleton import INDEX, Side, other

View = Literal["front", "back", "oblique", "side", "3d"]
CAMERA_UP = np.array([0.0, -1.0, 0.0])  # MediaPipe world landmarks: y points down
CAMERA_X = np.array([1.0, 0.0, 0.0])


@dataclass(frozen=True)
class CameraCheck:
    view: View
    yaw_deg: float | None
    ok: bool  # frontal metrics can be read
    corrected: bool  # angles taken on the person's frontal plane from 3-D landmarks
    message: str | None
    # The person's side the camera stands off to (signed yaw beyond ok_max_deg), else None.
    off_to: Side | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "view": self.view,
            "yaw_deg": None if self.yaw_deg is None else round(self.yaw_deg, 1),
            "ok": self.ok,
            "corrected": self.corrected,
            "off_to": self.off_to,
            "message": self.message,
        }


def _wrap(deg: FloatArray | float) -> FloatArray:
    return (np.asarray(deg) + 180.0) % 360.0 - 180.0


def camera_heading(world: FloatArray) -> FloatArray:
    """(T,) heading (deg) of the person's inter-hip axis against the camera's x axis."""
    return heading_deg(world, CAMERA_UP, CAMERA_X)


def world_yaw(world: FloatArray, heading: FloatArray | None = None) -> tuple[float, bool] | None:
    """(yaw of the camera relative to the person's front or back, facing_camera) from world landmarks.

    ``heading``: :func:`camera_heading` of ``world`` when already computed.
    """
    heading = camera_heading(world) if heading is None else heading
    heading = heading[np.isfinite(heading)]
    if heading.size < 3:
        return None
    # circular median-ish: mean of unit vectors
    ang = np.radians(heading)
    mean = float(np.degrees(np.arctan2(np.sin(ang).mean(), np.cos(ang).mean())))
    facing = abs(mean) <= 90.0
    return float(_wrap(mean if facing else mean - 180.0)), facing


def turned_frames(world: FloatArray, heading: FloatArray | None = None) -> NDArray[np.bool_]:
    """(T,) frames in which the pelvis has turned more than ``ok_max_deg`` from its usual heading.

    A flexed knee's 2-D FPPA shifts ~0.8-2° per degree of yaw (pose-model.md; docs/validation.md),
    so a pelvis rotating during a rep (e.g. sitting back while the free leg swings out) biases those
    frames. Relative to the trial's own mean heading: the absolute heading from the pose model's
    world landmarks can be off by tens of degrees (docs/validation.md, Pose2Sim cam02).
    """
    limit = settings.camera().yaw.ok_max_deg
    heading = camera_heading(world) if heading is None else heading
    ok = np.isfinite(heading)
    if not ok.any():
        return np.zeros(heading.shape, dtype=bool)
    ang = np.radians(heading[ok])
    mean = float(np.degrees(np.arctan2(np.sin(ang).mean(), np.cos(ang).mean())))
    with np.errstate(invalid="ignore"):
        return np.abs(_wrap(heading - mean)) > limit


def image_width_ratio(image: FloatArray) -> float:
    """Median shoulder width / trunk height in the image (about 0.7 square-on, small from the side)."""
    ls, rs = image[:, INDEX["left_shoulder"]], image[:, INDEX["right_shoulder"]]
    width = np.linalg.norm(ls - rs, axis=1)
    # The pelvis centre is the one hip seen when the other leg is not in the recording.
    trunk = np.linalg.norm(0.5 * (ls + rs) - pelvis_centre(image), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = width / trunk
    return float(np.nanmedian(ratio)) if np.isfinite(ratio).any() else float("nan")


def check_video_view(
    image: FloatArray,
    world: FloatArray | None,
    facing_sign: float,
    *,
    aspect_known: bool = True,
    heading: FloatArray | None = None,
) -> CameraCheck:
    """Classify the view of a video from its 2-D (and, when present, 3-D world) landmarks.

    ``heading``: :func:`camera_heading` of ``world`` when already computed.
    """
    cfg = settings.camera()
    yaw_cfg, v2d = cfg.yaw, cfg.view_2d
    if world is None and not aspect_known:
        where0: View = "front" if facing_sign > 0 else "back"
        return CameraCheck(
            where0,
            None,
            True,
            False,
            "image size unknown (normalised keypoints): camera yaw not checked and square pixels "
            "assumed; pass --image-size WIDTHxHEIGHT of the source video",
        )
    ratio = image_width_ratio(image)
    ratio_yaw = float(np.degrees(np.arccos(np.clip(ratio / v2d.frontal_ratio, 0.0, 1.0))))
    yaw: float | None = None
    facing = facing_sign > 0
    signed = False
    if world is not None:
        found = world_yaw(world, heading)
        if found is not None:
            (yaw, facing), signed = found, True
    if yaw is None and np.isfinite(ratio_yaw):
        yaw = ratio_yaw
    side_by_ratio = np.isfinite(ratio) and ratio < v2d.side_ratio_max
    mag = abs(yaw) if yaw is not None else float("nan")
    where: View = "front" if facing else "back"
    if side_by_ratio or (np.isfinite(mag) and mag >= yaw_cfg.side_view_min_deg):
        return CameraCheck(
            "side",
            yaw,
            False,
            False,
            "side view: frontal knee angles need the camera square in front of (or behind) the "
            "person at hip height; re-film from the front",
        )
    if not np.isfinite(mag):
        return CameraCheck(where, None, True, False, "camera yaw could not be estimated")
    if mag <= yaw_cfg.ok_max_deg:
        return CameraCheck(where, yaw, True, False, None)
    off_to = camera_side(yaw, facing) if signed and yaw is not None else None
    turn = turn_advice(mag, off_to, facing)
    where_off = f" to the person's {off_to}" if off_to else ""
    if mag <= yaw_cfg.correct_max_deg:
        low, high = yaw_cfg.bias_deg_per_deg * mag, yaw_cfg.bias_deg_per_deg_deep * mag
        return CameraCheck(
            "oblique",
            yaw,
            True,
            False,
            f"camera ~{mag:.0f}° off square{where_off}: 2-D knee angles may be biased by ~{low:.0f}-"
            f"{high:.0f}° (more in deep flexion); read the verdicts with caution; next time {turn}",
            off_to,
        )
    return CameraCheck(
        "oblique",
        yaw,
        False,
        False,
        f"camera {mag:.0f}° off square{where_off}: too oblique for frontal knee angles; {turn}",
        off_to,
    )


def camera_side(yaw_deg: float, facing_camera: bool) -> Side:
    """The person's side the camera stands off to, from the signed world-landmark yaw.

    Facing the camera a negative yaw puts the camera off to the person's left; from behind, off to
    their right (module docstring).
    """
    return "left" if (yaw_deg < 0) == facing_camera else "right"


def turn_advice(yaw_magnitude: float, off_to: Side | None, facing_camera: bool) -> str:
    """What the person filming should do, in words they can act on.

    ``off_to`` None (2-D estimate: unsigned): the size of the move only. Otherwise the camera goes
    round towards the person's other side; facing the person that is the filmer's opposite hand,
    standing behind them the same hand.
    """
    rest = "at hip height, 3-4 m away, whole body in frame"
    if off_to is None:
        return (
            f"place the camera square to the person (about {yaw_magnitude:.0f}° around them; "
            f"the direction cannot be told from 2-D keypoints), {rest}"
        )
    towards = other(off_to)
    if facing_camera:
        yours, stance = f"your {other(towards)}", "as you face them"
    else:
        yours, stance = f"your {towards} too", "as you stand behind them"
    return (
        f"move the camera about {yaw_magnitude:.0f}° around the person to their {towards} "
        f"({yours} {stance}) so it is square to them, or have them turn to face it square; {rest}"
    )


def mocap_view() -> CameraCheck:
    return CameraCheck("3d", None, True, False, None)
