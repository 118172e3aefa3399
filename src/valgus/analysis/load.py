"""Open any supported input as a :class:`Recording` (video through the pose model, or a motion file)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from valgus.errors import InputError
from valgus.keypoints import Recording

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v", ".ts", ".mts"})


def is_video(path: Path) -> bool:
    return path.suffix.lower() in VIDEO_SUFFIXES


def sha256_file(path: Path) -> str | None:
    """SHA-256 of a file (None for a folder, e.g. OpenPose JSON)."""
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_recording(
    path: Path,
    *,
    model: Path | None = None,
    crop: str | None = None,
    fps: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_people: int = 2,
) -> Recording:
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if is_video(path):
        from valgus.io.readers.video_pose import read_video
        from valgus.io.video import Crop

        rec = read_video(
            path,
            model=model,
            crop=Crop.parse(crop) if crop else None,
            progress=progress,
            max_people=max_people,
        )
    else:
        from valgus.io.readers import read_motion

        rec = read_motion(path, fps=fps)
    rec.meta.setdefault("name", path.name)
    return rec
