"""A folder of OpenPose ``*_keypoints.json`` files (BODY_25 or COCO_18) -> image Recording.

One file per frame, in file-name order. Confidence 0 means missing -> NaN. The main person is the
tallest one in the first frame with people, then the one closest to the previous frame's choice.
The frame rate is not stored by OpenPose: it comes from ``fps`` (default 30 Hz).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from valgus import settings
from valgus.errors import InputError
from valgus.keypoints import FloatArray, Keypoints, Recording
from valgus.skeleton import INDEX, JOINTS, REQUIRED_FOR_FPPA

DEFAULT_FPS = 30.0
_SUFFIX = "_keypoints.json"


def keypoint_files(folder: Path) -> list[Path]:
    """The ``*_keypoints.json`` files of a folder, sorted by name."""
    return sorted(p for p in folder.iterdir() if p.name.endswith(_SUFFIX))


def _people(path: Path) -> list[FloatArray]:
    """Each person's (N, 3) x, y, confidence array; confidence 0 -> NaN position."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        people = [
            np.asarray(p["pose_keypoints_2d"], dtype=np.float64).reshape(-1, 3)
            for p in data.get("people", [])
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path.name}: not a readable OpenPose keypoints file ({exc}).") from None
    for person in people:
        person[person[:, 2] <= 0.0] = np.nan
    return [p for p in people if np.isfinite(p[:, 2]).any()]


def _layout(people: list[list[FloatArray]], folder: Path) -> dict[str, int]:
    counts = {p.shape[0] for frame in people for p in frame}
    if not counts:
        raise InputError(f"{folder.name}: no person in any OpenPose keypoints file.")
    for layout in settings.markers().openpose_layouts.values():
        if counts == {layout.n_keypoints}:
            return dict(layout.joints)
    raise InputError(
        f"{folder.name}: OpenPose files hold {sorted(counts)} keypoints per person; "
        "expected BODY_25 (25) or COCO_18 (18)."
    )


def _height(person: FloatArray) -> float:
    return float(np.nanmax(person[:, 1]) - np.nanmin(person[:, 1]))


def _centre(person: FloatArray) -> FloatArray:
    return np.nanmean(person[:, :2], axis=0)


def _choose(frame: list[FloatArray], previous: FloatArray | None) -> FloatArray | None:
    """The main person in one frame: nearest to the previous choice, else the tallest."""
    if not frame:
        return None
    if previous is None:
        return max(frame, key=_height)
    return min(frame, key=lambda p: float(np.linalg.norm(_centre(p) - _centre(previous))))


def _main_track(people: list[list[FloatArray]]) -> list[FloatArray | None]:
    track: list[FloatArray | None] = []
    previous: FloatArray | None = None
    for frame in people:
        chosen = _choose(frame, previous)
        track.append(chosen)
        previous = chosen if chosen is not None else previous
    return track


def read_openpose_json(
    folder: Path, *, fps: float | None = None, image_size: tuple[int, int] | None = None
) -> Recording:
    """Read a folder of OpenPose JSON files into an image Recording (px, x right, y down)."""
    folder = Path(folder)
    files = keypoint_files(folder) if folder.is_dir() else []
    if not files:
        raise InputError(
            f"{folder}: no *_keypoints.json files (expected an OpenPose output folder)."
        )
    people = [_people(f) for f in files]
    layout = _layout(people, folder)
    track = _main_track(people)
    n = len(files)
    xy = np.full((n, len(JOINTS), 2), np.nan)
    conf = np.full((n, len(JOINTS)), np.nan)
    cols = [INDEX[j] for j in layout]
    src = list(layout.values())
    for t, person in enumerate(track):
        if person is not None:
            xy[t, cols] = person[src, :2]
            conf[t, cols] = person[src, 2]
    legs = xy[:, [INDEX[j] for j in REQUIRED_FOR_FPPA], :]
    if not np.isfinite(legs).all(axis=2).any():
        raise InputError(f"{folder.name}: no frame shows the main person's hips, knees and ankles.")
    rate = float(fps) if fps else DEFAULT_FPS
    image = Keypoints(
        positions=xy,
        confidence=conf,
        times=np.arange(n, dtype=np.float64) / rate,
        space="image",
        units="px",
    )
    meta = {
        "layout": "BODY_25" if len(layout) > 9 else "COCO_18",
        "fps_assumed": not fps,
        "files": [f.name for f in files],
        "notes": [] if fps else [f"OpenPose stores no frame rate: {rate:g} fps assumed (pass fps)"],
    }
    return Recording(
        source=str(folder),
        kind="openpose_json",
        image=image,
        image_size=image_size,
        n_people=np.array([len(p) for p in people], dtype=np.int_),
        meta=meta,
    )
