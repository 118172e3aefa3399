"""Video input: probe a clip and stream its frames as RGB arrays (rotation metadata applied).

OpenCV decodes (it applies the rotation metadata of phone clips and reads MPEG-TS streams named
``.mp4``); PyAV counts packets where the container holds no frame count. Frames are yielded one
at a time, so memory does not grow with the clip's length.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # FFmpeg's own chatter on damaged files
os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")

import av
import cv2
import numpy as np
from numpy.typing import NDArray

from valgus.errors import InputError

RGBFrame = NDArray[np.uint8]

# FFmpeg "decodes" any text file as ANSI art; these codecs are never camera footage.
TEXT_CODECS = frozenset({"ansi", "bintext", "xbin", "idf"})

_NAMED_CROPS: dict[str, tuple[float, float, float, float]] = {
    "full": (0.0, 0.0, 1.0, 1.0),
    "left-half": (0.0, 0.0, 0.5, 1.0),
    "right-half": (0.5, 0.0, 1.0, 1.0),
    "top-half": (0.0, 0.0, 1.0, 0.5),
    "bottom-half": (0.0, 0.5, 1.0, 1.0),
}


@dataclass(frozen=True)
class Crop:
    """A box in fractions of the (rotated) frame: x0 < x1 and y0 < y1, all within [0, 1]."""

    x0: float
    y0: float
    x1: float
    y1: float

    def __post_init__(self) -> None:
        if not (0.0 <= self.x0 < self.x1 <= 1.0 and 0.0 <= self.y0 < self.y1 <= 1.0):
            raise InputError(
                f"crop {self.x0},{self.y0},{self.x1},{self.y1} is not a box inside the frame: "
                "use fractions 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1"
            )

    @classmethod
    def parse(cls, text: str) -> Crop:
        """``left-half``, ``right-half``, ``top-half``, ``bottom-half``, ``full`` or ``x0,y0,x1,y1``."""
        key = text.strip().lower()
        if key in _NAMED_CROPS:
            return cls(*_NAMED_CROPS[key])
        parts = key.split(",")
        try:
            values = [float(p) for p in parts]
        except ValueError:
            values = []
        if len(values) != 4:
            names = ", ".join(_NAMED_CROPS)
            raise InputError(f"cannot read crop {text!r}: use one of {names} or x0,y0,x1,y1")
        return cls(*values)

    def pixel_box(self, width: int, height: int) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) in whole pixels of a ``width`` x ``height`` frame."""
        box = (
            round(self.x0 * width),
            round(self.y0 * height),
            round(self.x1 * width),
            round(self.y1 * height),
        )
        if box[2] - box[0] < MIN_CROP_PX or box[3] - box[1] < MIN_CROP_PX:
            raise InputError(
                f"--crop {self}: the box is only {box[2] - box[0]}x{box[3] - box[1]} px of a "
                f"{width}x{height} frame; choose a box around the whole person"
            )
        return box

    def __str__(self) -> str:
        return f"{self.x0:g},{self.y0:g},{self.x1:g},{self.y1:g}"


MIN_CROP_PX = 8  # an empty or sliver box cannot be decoded (let alone hold a person)


@dataclass(frozen=True)
class VideoInfo:
    """A clip as decoded: width/height after rotation metadata is applied.

    n_frames is the container's count, or (streams such as MPEG-TS) the number of video packets.
    """

    path: Path
    fps: float
    n_frames: int
    width: int
    height: int
    duration_s: float
    rotation: int  # degrees of rotation metadata that decoding applies (0, 90, 180, 270)

    def cropped_size(self, crop: Crop | None) -> tuple[int, int]:
        """(width, height) of the frames ``iter_frames`` yields with this crop."""
        if crop is None:
            return self.width, self.height
        left, top, right, bottom = crop.pixel_box(self.width, self.height)
        return right - left, bottom - top


def probe(path: Path | str) -> VideoInfo:
    """Frame rate, frame count, size and rotation of a clip (InputError if it is not a video)."""
    path = _existing(path)
    capture = _open(path)
    try:
        fps = float(capture.get(cv2.CAP_PROP_FPS))
        rotation = int(capture.get(cv2.CAP_PROP_ORIENTATION_META)) % 360
        opencv_count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        ok, first = capture.read()  # its shape is the size after rotation
    finally:
        capture.release()
    if not ok or first is None:
        raise InputError(f"no frame of {path.name} could be decoded: the file is damaged or empty")
    if not np.isfinite(fps) or fps <= 0:
        raise InputError(f"{path.name} has no usable frame rate: re-encode it (e.g. to H.264 MP4)")
    height, width = first.shape[:2]
    n_frames = _container_frame_count(path) or opencv_count
    return VideoInfo(path, fps, n_frames, width, height, n_frames / fps, rotation)


def iter_frames(
    path: Path | str, crop: Crop | None = None, *, start: int = 0, stop: int | None = None
) -> Iterator[tuple[int, float, RGBFrame]]:
    """Yield (index, time in s, RGB uint8 frame (H, W, 3)) one frame at a time.

    Times come from the decoder's time stamps when they increase, else from index / fps.
    ``start`` / ``stop``: only the frames with start <= index < stop (the ones before ``start``
    are decoded but not converted, so indices and times are those of the whole clip).
    Raises InputError when no frame at all can be decoded.
    """
    path = _existing(path)
    capture = _open(path)
    fps = float(capture.get(cv2.CAP_PROP_FPS)) or 30.0
    index = 0
    last_time = -1.0
    try:
        while stop is None or index < stop:
            if index < start:
                ok, bgr = capture.grab(), None
            else:
                ok, bgr = capture.read()
            if not ok or (bgr is None and index >= start):
                break
            stamp = capture.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
            time_s = stamp if stamp > last_time and index > 0 else index / fps
            last_time = time_s
            if bgr is not None:
                yield index, time_s, _to_rgb(np.asarray(bgr, dtype=np.uint8), crop)
            index += 1
    finally:
        capture.release()
    if index == 0:
        raise InputError(f"no frame of {path.name} could be decoded: the file is damaged or empty")


def read_frame(path: Path | str, frame_index: int, crop: Crop | None = None) -> RGBFrame:
    """One frame (RGB) by index, decoding forward from the start (exact on every container)."""
    path = _existing(path)
    capture = _open(path)
    try:
        for _ in range(frame_index):
            if not capture.grab():
                break
        ok, bgr = capture.read()
    finally:
        capture.release()
    if not ok or bgr is None:
        raise InputError(f"{path.name} has no frame {frame_index}: pick a frame inside the clip")
    return _to_rgb(np.asarray(bgr, dtype=np.uint8), crop)


def _to_rgb(bgr: NDArray[np.uint8], crop: Crop | None) -> RGBFrame:
    if crop is not None:
        left, top, right, bottom = crop.pixel_box(bgr.shape[1], bgr.shape[0])
        bgr = bgr[top:bottom, left:right]
    rgb = cv2.cvtColor(np.ascontiguousarray(bgr), cv2.COLOR_BGR2RGB)
    return np.asarray(rgb, dtype=np.uint8)


def _existing(path: Path | str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"video file {path} does not exist: check the path")
    if path.stat().st_size == 0:
        raise InputError(f"video file {path.name} is empty (0 bytes): pass a recorded clip")
    return path


def _open(path: Path) -> cv2.VideoCapture:
    if _video_codec(path) in TEXT_CODECS:
        raise InputError(f"{path.name} is a text file, not a video: pass a recorded clip")
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    if capture.isOpened():
        capture.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        return capture
    capture.release()
    raise InputError(
        f"{path.name} cannot be read as a video (damaged, truncated or not a video): "
        "pass an MP4/MOV/AVI clip"
    )


def _video_codec(path: Path) -> str:
    """Name of the first video stream's codec according to PyAV ("" when it cannot tell)."""
    try:
        with av.open(str(path)) as container:
            streams = container.streams.video
            return streams[0].codec_context.name if streams else ""
    except (av.error.FFmpegError, OSError, ValueError):
        return ""


def _container_frame_count(path: Path) -> int:
    """Frames the container states, else the number of video packets (0 when unreadable)."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return 0
            stream = container.streams.video[0]
            if stream.frames > 0:
                return int(stream.frames)
            return sum(1 for packet in container.demux(stream) if packet.size > 0)
    except (av.error.FFmpegError, OSError, ValueError):
        return 0
