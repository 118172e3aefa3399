"""Readers of motion and keypoint files: one ``read_motion`` entry point dispatching by type.

Video files are handled by ``valgus.io.readers.video_pose`` (not imported here).
"""

from __future__ import annotations

from pathlib import Path

from valgus.errors import InputError
from valgus.keypoints import Recording

MOTION_EXTENSIONS = (".trc", ".c3d", ".csv")


def read_motion(
    path: Path, *, fps: float | None = None, image_size: tuple[int, int] | None = None
) -> Recording:
    """Read a TRC, C3D, MediaPipe landmark CSV or a folder of OpenPose JSON files.

    fps: frame rate for sources that do not store one (MediaPipe CSV without a time column,
    OpenPose JSON; default 30 Hz). Ignored for TRC/C3D, which carry their own rate.
    image_size: (width, height) px of the source video for 2-D keypoint files, if known.
    """
    path = Path(path)
    if path.is_dir():
        from valgus.io.readers.openpose_json import keypoint_files, read_openpose_json

        if keypoint_files(path):
            return read_openpose_json(path, fps=fps, image_size=image_size)
        raise InputError(
            f"{path}: a folder without *_keypoints.json files; give a motion file instead."
        )
    if not path.exists():
        raise InputError(f"{path}: no such file.")
    suffix = path.suffix.lower()
    if suffix == ".trc":
        from valgus.io.readers.trc import read_trc

        return read_trc(path)
    if suffix == ".c3d":
        from valgus.io.readers.c3d import read_c3d

        return read_c3d(path)
    if suffix == ".csv":
        from valgus.io.readers.mediapipe_csv import read_mediapipe_csv

        return read_mediapipe_csv(path, fps=fps, image_size=image_size)
    raise InputError(
        f"{path.name}: unsupported file type {suffix or '(none)'}; "
        "give a .trc, .c3d, MediaPipe .csv or a folder of OpenPose JSON files (or a video)."
    )


__all__ = ["MOTION_EXTENSIONS", "read_motion"]
