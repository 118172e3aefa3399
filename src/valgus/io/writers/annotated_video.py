"""An annotated copy of a clip: skeleton, FPPA at each knee, rep verdicts (H.264 MP4).

Decodes the clip again frame by frame and encodes with PyAV's bundled libx264 (yuv420p, even
dimensions, faststart): plays in every browser. Memory does not grow with the clip's length.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av

from valgus.errors import InputError
from valgus.io.video import Crop, iter_frames, probe
from valgus.io.writers.overlay import OverlaySpan, VideoOverlay, draw_overlay

__all__ = ["OverlaySpan", "VideoOverlay", "write_annotated_video"]


def write_annotated_video(
    video_path: Path | str,
    out_path: Path | str,
    overlay: VideoOverlay,
    crop: Crop | str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write ``out_path`` (.mp4, H.264) with the overlay drawn on every frame; returns the path.

    ``overlay.positions`` are in the pixels of the cropped frame (as ``read_video`` gives them).
    """
    crop = Crop.parse(crop) if isinstance(crop, str) else crop
    info = probe(video_path)
    width, height = info.cropped_size(crop)
    width, height = width - width % 2, height - height % 2  # yuv420p needs even sizes
    if width < 2 or height < 2:
        raise InputError(f"the crop of {Path(video_path).name} leaves no picture: widen --crop")
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_name(f".{out_path.name}.part")
    try:
        _encode(video_path, partial, overlay, crop, (width, height), info.fps, info.n_frames,
                progress)  # fmt: skip
        os.replace(partial, out_path)
    finally:
        partial.unlink(missing_ok=True)
    return out_path


def _encode(
    video_path: Path | str,
    target: Path,
    overlay: VideoOverlay,
    crop: Crop | None,
    size: tuple[int, int],
    fps: float,
    total: int,
    progress: Callable[[int, int], None] | None,
) -> None:
    width, height = size
    with av.open(str(target), mode="w", format="mp4", options={"movflags": "+faststart"}) as out:
        stream = out.add_stream("libx264", rate=Fraction(fps).limit_denominator(1001))
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "23"}
        for index, _, rgb in iter_frames(video_path, crop):
            picture = draw_overlay(rgb[:height, :width].copy(), overlay, index)
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            out.mux(stream.encode(frame))
            if progress is not None:
                progress(index + 1, max(total, index + 1))
        out.mux(stream.encode(None))
