"""MediaPipe Pose landmark CSV (columns nose_x, nose_y, nose_z, nose_v, ...) -> image Recording.

Coordinates in the file are normalised to the image (0..1). When the image size is unknown they
are scaled to an assumed 1000 x 1000 px box (meta["image_size_assumed"] is True): angles are then
exact only if the real image was square, because x and y are scaled by the same factor only then.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from valgus import settings
from valgus.errors import InputError
from valgus.io.readers.table_csv import numeric_column, read_table
from valgus.keypoints import FloatArray, Keypoints, Recording
from valgus.skeleton import INDEX, JOINTS, REQUIRED_FOR_FPPA

DEFAULT_FPS = 30.0
ASSUMED_IMAGE_SIZE = (1000, 1000)
_TIME_COLUMNS = {"time": 1.0, "time_s": 1.0, "timestamp_s": 1.0, "timestamp_ms": 1e-3}
_FRAME_COLUMNS = ("frame", "frame_index", "frame_idx")
_SIZE_COLUMNS = (("image_width", "image_height"), ("width", "height"))
_VISIBILITY_SUFFIXES = ("_v", "_visibility")


def _landmark_name(header: list[str], joint: str, mp_name: str) -> str | None:
    for name in (mp_name, joint):
        if f"{name}_x" in header and f"{name}_y" in header:
            return name
    return None


def _times(path: Path, header: list[str], body: list[list[str]], fps: float) -> FloatArray:
    for name, scale in _TIME_COLUMNS.items():
        if name in header:
            t = numeric_column(path, header, body, name) * scale
            return t - t[0]
    for name in _FRAME_COLUMNS:
        if name in header:
            f = numeric_column(path, header, body, name)
            return (f - f[0]) / fps
    return np.arange(len(body), dtype=np.float64) / fps


def _image_size(
    path: Path, header: list[str], body: list[list[str]], given: tuple[int, int] | None
) -> tuple[tuple[int, int], bool]:
    if given is not None:
        return (int(given[0]), int(given[1])), False
    for wname, hname in _SIZE_COLUMNS:
        if wname in header and hname in header:
            w = numeric_column(path, header, body, wname)
            h = numeric_column(path, header, body, hname)
            return (int(np.nanmedian(w)), int(np.nanmedian(h))), False
    return ASSUMED_IMAGE_SIZE, True


def _landmarks(
    path: Path, header: list[str], body: list[list[str]]
) -> tuple[FloatArray, FloatArray, FloatArray, list[str]]:
    """Positions (T, K, 2) as in the file, confidence (T, K), z (T, K), and the names found."""
    n, k = len(body), len(JOINTS)
    xy = np.full((n, k, 2), np.nan)
    conf = np.full((n, k), np.nan)
    z = np.full((n, k), np.nan)
    found = []
    for joint, mp_name in settings.markers().mediapipe_landmarks.items():
        name = _landmark_name(header, joint, str(mp_name))
        if name is None:
            continue
        found.append(name)
        i = INDEX[joint]
        xy[:, i, 0] = numeric_column(path, header, body, f"{name}_x")
        xy[:, i, 1] = numeric_column(path, header, body, f"{name}_y")
        if f"{name}_z" in header:
            z[:, i] = numeric_column(path, header, body, f"{name}_z")
        vis = next((f"{name}{s}" for s in _VISIBILITY_SUFFIXES if f"{name}{s}" in header), None)
        present = np.isfinite(xy[:, i]).all(axis=1)
        v = numeric_column(path, header, body, vis) if vis else np.ones(n)
        conf[:, i] = np.where(present, np.clip(v, 0.0, 1.0), np.nan)
    return xy, conf, z, found


def read_mediapipe_csv(
    path: Path, *, fps: float | None = None, image_size: tuple[int, int] | None = None
) -> Recording:
    """Read a MediaPipe landmark CSV into an image Recording (pixels, x right, y down).

    fps: frame rate for files without a time column (default 30 Hz).
    image_size: (width, height) in px of the source video, if known.
    """
    path = Path(path)
    header, body = read_table(path)
    xy, conf, z, found = _landmarks(path, header, body)
    if not any(f"{n}_x" in header for n in ("left_hip", "left_knee", "right_knee")):
        shown = ", ".join(header[:8]) + ("…" if len(header) > 8 else "")
        raise InputError(
            f"no hip/knee/ankle landmarks recognised in {path.name} (found columns: {shown}); "
            "expected MediaPipe names such as left_hip_x, left_knee_x, left_ankle_x."
        )
    legs = xy[:, [INDEX[j] for j in REQUIRED_FOR_FPPA], :]
    if not np.isfinite(legs).all(axis=2).any():
        raise InputError(f"{path.name}: every hip, knee and ankle landmark is empty.")
    rate = float(fps) if fps else DEFAULT_FPS
    size, assumed = _image_size(path, header, body, image_size)
    normalised = bool(np.nanmax(np.abs(xy)) <= 2.0)
    px = xy * np.array(size, dtype=np.float64) if normalised else xy
    meta: dict[str, Any] = {
        "landmarks": found,
        "coordinates_in_file": "normalised" if normalised else "px",
        "image_size_assumed": assumed and normalised,
        "fps_assumed": not fps and not any(c in header for c in _TIME_COLUMNS),
        "z_relative": z,
        "notes": [],
    }
    if meta["image_size_assumed"]:
        meta["notes"].append(
            f"image size unknown: normalised coordinates scaled to a {size[0]}x{size[1]} px box "
            "(2-D angles are exact only if the video was square; pass the real size)"
        )
    if "label" in header:
        meta["labels"] = [r[header.index("label")] for r in body]
    image = Keypoints(
        positions=px,
        confidence=conf,
        times=_times(path, header, body, rate),
        space="image",
        units="px",
    )
    return Recording(
        source=str(path), kind="mediapipe_csv", image=image, image_size=size, meta=meta
    )
