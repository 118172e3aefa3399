"""Pose2Sim calibration files (TOML) and the axes of Pose2Sim's TRC output."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np

from valgus.errors import InputError
from valgus.keypoints import FloatArray
from valgus.validation.camera import PinholeCamera, from_rodrigues


def read_pose2sim_calibration(path: Path) -> dict[str, PinholeCamera]:
    """Cameras of a Pose2Sim ``Calib_*.toml``: OpenCV intrinsics ``matrix``, ``distortions``
    (k1, k2, p1, p2), ``rotation`` (Rodrigues, world->camera), ``translation`` (metres)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{Path(path).name}: not a readable calibration TOML ({exc}).") from None
    cams: dict[str, PinholeCamera] = {}
    for key, cam in data.items():
        if not isinstance(cam, dict) or "matrix" not in cam:
            continue  # e.g. [metadata]
        w, h = (round(v) for v in cam.get("size", (0, 0)))
        if cam.get("fisheye", False):
            raise InputError(f"{Path(path).name}: camera {key} is a fisheye model; not supported.")
        cams[str(cam.get("name", key))] = from_rodrigues(
            cam["matrix"],
            cam["rotation"],
            cam["translation"],
            cam.get("distortions"),
            size=(w, h),
            name=str(cam.get("name", key)),
        )
    if not cams:
        raise InputError(f"{Path(path).name}: no camera sections with a 'matrix'.")
    return cams


def pose2sim_trc_to_calibration_frame(xyz: FloatArray) -> FloatArray:
    """Pose2Sim writes its TRC in OpenSim's Y-up axes: (X, Y, Z)_trc = (Y, Z, X)_calibration.
    Undo that so the points share the calibration's (Z-up) world frame."""
    xyz = np.asarray(xyz, dtype=np.float64)
    return xyz[..., [2, 0, 1]]
