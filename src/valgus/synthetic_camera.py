"""Synthetic phone videos: a synthetic 3-D trial seen through a pinhole camera (known answers).

The person of :mod:`valgus.synthetic` is filmed by a camera at ``distance_m`` from the pelvis
(horizontal distance), at ``height_m`` above the floor, turned ``yaw_deg`` about the person's
vertical axis (the camera walks round the person; 0 = square in front), looking at the pelvis
centre of quiet standing. The image has a phone's field of view (``fov_long_deg`` across the
long side), portrait or landscape. The result looks to the pipeline like a pose model's output
for a video: image keypoints in pixels and "world landmarks" in camera axes (x right, y down,
z away from the camera), centred on the hips every frame, as MediaPipe gives them.

Truth for the squat headline (tasks.yaml): the knee's medial offset from the toe in the person's
own frontal plane (orthographic, no camera), in leg lengths, per frame and side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from valgus.keypoints import FloatArray, Keypoints, Recording
from valgus.skeleton import INDEX, JOINTS, SIDES
from valgus.synthetic import LATERAL, SyntheticTrial, lab_basis

Orientation = Literal["portrait", "landscape"]
PHONE_FOV_LONG_DEG = 66.0  # a phone's main camera across the long side of the picture
MEDIAL_R = -LATERAL  # the medial direction along the person's right (r) axis, per side


@dataclass(frozen=True)
class Camera:
    distance_m: float = 3.5
    height_m: float = 0.9
    yaw_deg: float = 0.0
    orientation: Orientation = "portrait"
    long_px: int = 1920
    short_px: int = 1080
    fov_long_deg: float = PHONE_FOV_LONG_DEG

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        if self.orientation == "portrait":
            return self.short_px, self.long_px
        return self.long_px, self.short_px

    @property
    def focal_px(self) -> float:
        return (self.long_px / 2) / np.tan(np.radians(self.fov_long_deg / 2))


def person_frame(trial: SyntheticTrial) -> FloatArray:
    """(T, K, 3) person-frame positions (r, f, u) of a synthetic trial filmed at yaw 0."""
    world = trial.recording.world
    if world is None:
        raise ValueError("a synthetic trial has world positions")
    up: Literal["y", "z"] = "z" if world.up is not None and world.up[2] == 1.0 else "y"
    if trial.params.get("yaw_deg", 0.0):
        raise ValueError("make the 3-D trial with yaw_deg=0; the camera carries the yaw")
    basis: FloatArray = lab_basis(up, 0.0)  # rows: r, f, u in lab axes
    return np.asarray(world.positions @ basis.T, dtype=np.float64)


def _camera_axes(cam: Camera, target: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Camera centre and rotation (rows: image x right, image y down, optical axis), person frame."""
    yaw = np.radians(cam.yaw_deg)
    # In front of the person (+f), walked round the vertical by the yaw.
    direction = np.array([np.sin(yaw), np.cos(yaw), 0.0])
    centre = np.array([target[0], target[1], 0.0]) + cam.distance_m * direction
    centre[2] = cam.height_m
    forward = target - centre
    forward /= np.linalg.norm(forward)
    down = np.array([0.0, 0.0, -1.0])
    right = np.cross(down, forward)  # image x: the camera's right
    right /= np.linalg.norm(right)
    down = np.cross(forward, right)
    return centre, np.stack([right, down, forward])


def film(trial: SyntheticTrial, cam: Camera) -> Recording:
    """The trial as a pose model would report a phone video of it (image px + world landmarks)."""
    person = person_frame(trial)
    hips = person[:, [INDEX["left_hip"], INDEX["right_hip"]]].mean(axis=1)
    target = hips[0]  # the pelvis of quiet standing
    centre, rot = _camera_axes(cam, target)
    cam_xyz = (person - centre) @ rot.T  # (T, K, 3): x right, y down, z depth
    w, h = cam.size
    f = cam.focal_px
    image = np.stack(
        [
            w / 2 + f * cam_xyz[..., 0] / cam_xyz[..., 2],
            h / 2 + f * cam_xyz[..., 1] / cam_xyz[..., 2],
        ],
        axis=-1,
    )
    world = cam_xyz - ((hips - centre) @ rot.T)[:, None, :]  # hip-centred, camera axes
    t = person.shape[0]
    conf = np.where(np.isfinite(image).all(axis=2), 0.99, np.nan)
    times = np.asarray(trial.recording.times, dtype=np.float64)
    meta = {
        "name": f"synthetic {cam.orientation} {cam.distance_m:g} m yaw {cam.yaw_deg:g}°",
        "synthetic": trial.params,
        "camera": {
            "distance_m": cam.distance_m,
            "height_m": cam.height_m,
            "yaw_deg": cam.yaw_deg,
            "orientation": cam.orientation,
        },
    }
    return Recording(
        source=str(meta["name"]),
        kind="video",
        image=Keypoints(image, conf, times, space="image", units="px", joints=JOINTS),
        world=Keypoints(
            world, conf.copy(), times, space="camera", units="m", up=np.array([0.0, -1.0, 0.0])
        ),
        image_size=(w, h),
        n_people=np.ones(t, dtype=np.int_),
        meta=meta,
    )


def knee_over_toe_truth(trial: SyntheticTrial) -> FloatArray:
    """(T, 2) the knee's medial offset from the toe in the person's frontal plane, / leg length."""
    person = person_frame(trial)
    out = np.empty((person.shape[0], 2))
    for s, side in enumerate(SIDES):
        knee, toe = person[:, INDEX[f"{side}_knee"], 0], person[:, INDEX[f"{side}_toe"], 0]
        out[:, s] = (knee - toe) * MEDIAL_R[s]
    hip, ankle = person[0, INDEX["left_hip"]], person[0, INDEX["left_ankle"]]
    return out / float(np.linalg.norm(hip - ankle))
