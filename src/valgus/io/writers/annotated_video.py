"""An annotated copy of a clip: skeleton, FPPA at each knee, rep verdicts (H.264 MP4).

Decodes the clip again frame by frame and encodes with PyAV's bundled libx264 (yuv420p, even
dimensions, faststart): plays in every browser. Memory does not grow with the clip's length.
The clip is drawn and encoded in consecutive parts side by side, one per core (video_parts).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from valgus import settings
from valgus.errors import InputError
from valgus.io.readers.pose_workers import plan_parts
from valgus.io.video import Crop, probe
from valgus.io.writers.overlay import OverlaySpan, VideoOverlay
from valgus.io.writers.video_parts import (
    Part,
    encode_part,
    finish_worker,
    join_segments,
    start_workers,
    stop_workers,
)

__all__ = ["OverlaySpan", "VideoOverlay", "write_annotated_video"]


def write_annotated_video(
    video_path: Path | str,
    out_path: Path | str,
    overlay: VideoOverlay,
    crop: Crop | str | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> Path:
    """Write ``out_path`` (.mp4, H.264) with the overlay drawn on every frame; returns the path
    (see annotate_video)."""
    return annotate_video(video_path, out_path, overlay, crop, progress, workers)[0]


def annotate_video(
    video_path: Path | str,
    out_path: Path | str,
    overlay: VideoOverlay,
    crop: Crop | str | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    keep_frame: int | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[Path, NDArray[np.uint8] | None]:
    """Write ``out_path`` (.mp4, H.264) with the overlay drawn on every frame; returns the path
    and, when ``keep_frame`` is given, that frame as decoded (RGB, for a still: no second pass).
    ``meanwhile`` is called here once the worker processes have their parts (other work of this
    process, done while they draw).

    ``overlay.positions`` are in the pixels of the cropped frame (as ``read_video`` gives them).
    ``workers``: processes sharing the clip (default: one per core, as the pose reader; 1: this
    process alone; see video_parts).
    """
    crop = Crop.parse(crop) if isinstance(crop, str) else crop
    info = probe(video_path)
    width, height = info.cropped_size(crop)
    if width < 2 or height < 2:
        raise InputError(f"the crop of {Path(video_path).name} leaves no picture: widen --crop")
    (width, height), scale = output_size(width, height)
    if scale != 1.0:
        overlay = replace(overlay, positions=overlay.positions * scale)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    lead = settings.video().annotated_video.first_part_extra_frames
    starts = plan_parts(info.n_frames, cores=workers, extra=lead)
    stops: list[int | None] = [*starts[1:], None]
    threads = settings.video().annotated_video.encoder_threads_in_parts if len(starts) > 1 else 0
    parts = [
        Part(str(video_path), crop, start, stop, (width, height), info.fps,
             str(out_path.with_name(f".{out_path.name}.{k}.part")), scale != 1.0,
             _within(keep_frame, start, stop), threads)
        for k, (start, stop) in enumerate(zip(starts, stops, strict=True))
    ]  # fmt: skip
    total = max(info.n_frames, 1)
    share = total / max((stops[0] or total) - starts[0], 1)  # the whole clip per frame of part 1

    def report(done: int) -> None:
        if progress is not None:
            progress(min(round(done * share), total - 1), total)

    partial = out_path.with_name(f".{out_path.name}.part")
    kept: NDArray[np.uint8] | None = None
    pool = start_workers(parts[1:], overlay) if len(parts) > 1 else []
    try:
        if meanwhile is not None:
            meanwhile()
        encode_part(parts[0], overlay, report)
        for worker in pool:
            finish_worker(worker, overlay)
        try:
            join_segments([Path(p.target) for p in parts], partial)  # + faststart
        except RuntimeError:  # the parts' time stamps do not line up: one part, one process
            whole = replace(parts[0], stop=None, keep=keep_frame)
            encode_part(whole, overlay)
            join_segments([Path(whole.target)], partial)
        os.replace(partial, out_path)
        kept = next((np.load(p.kept_path) for p in parts if p.kept_path.is_file()), None)
        if progress is not None:
            progress(total, total)
    finally:
        stop_workers(pool)
        for part in parts:
            Path(part.target).unlink(missing_ok=True)
            part.kept_path.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    return out_path, kept


def _within(frame: int | None, start: int, stop: int | None) -> int | None:
    """``frame`` when it lies in [start, stop), else None."""
    if frame is None or frame < start or (stop is not None and frame >= stop):
        return None
    return frame


def output_size(width: int, height: int) -> tuple[tuple[int, int], float]:
    """Size of the annotated video for frames of ``width`` x ``height``, and the scale factor.

    The short side is at most ``video.yaml`` max_short_side (a 4K phone clip is not encoded at
    4K: the overlay is read as well at 720p, at a ninth of the cost); sizes are even (yuv420p).
    """
    limit = settings.video().annotated_video.max_short_side
    scale = min(1.0, limit / min(width, height))
    w, h = max(2, round(width * scale)), max(2, round(height * scale))
    w, h = w - w % 2, h - h % 2
    return (w, h), (1.0 if (w, h) == (width - width % 2, height - height % 2) else w / width)
