"""Open any supported input as a :class:`Recording` (video through the pose model, or a motion file)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from valgus.errors import InputError
from valgus.keypoints import Recording

if TYPE_CHECKING:
    from valgus.io.readers.video_pose import EarlyCheck

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


def parse_image_size(text: str | None) -> tuple[int, int] | None:
    """ "1280x720" or "1280,720" -> (1280, 720); InputError for anything else."""
    if not text:
        return None
    parts = text.lower().replace("x", ",").split(",")
    try:
        w, h = (int(p) for p in parts)
    except ValueError:
        raise InputError(
            f"--image-size {text!r}: expected WIDTHxHEIGHT in pixels, e.g. 1280x720"
        ) from None
    if w <= 0 or h <= 0:
        raise InputError(f"--image-size {text!r}: width and height must be positive")
    return w, h


def load_recording(
    path: Path,
    *,
    model: Path | None = None,
    crop: str | None = None,
    fps: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_people: int = 2,
    image_size: tuple[int, int] | None = None,
    early_check: EarlyCheck | None = None,
    workers: int | None = None,
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
            early_check=early_check,
            workers=workers,
        )
    else:
        from valgus.io.readers import read_motion

        rec = read_motion(path, fps=fps, image_size=image_size)
    rec.meta.setdefault("name", path.name)
    return rec
