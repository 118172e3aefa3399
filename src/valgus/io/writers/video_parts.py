"""The annotated video in parts: consecutive frame ranges drawn and encoded side by side, joined.

Drawing and H.264 encoding cost about a quarter of the pose model per frame, so on a machine with
several cores the clip is split as the pose reader splits it (``pose.yaml`` parallel): this
process encodes the first part while worker processes (valgus.io.frame_workers: the ones that
estimated the clip's pose when they are kept warm, else fresh interpreters) each decode the clip,
skip to their part and encode it into a segment file. Every segment starts with a key frame and is
encoded with the same settings, so the segments are joined by copying their packets into one MP4
(no re-encoding).

A worker gets its job (the overlay arrays included) as a "video" job; a worker that fails is not
fatal: its part is encoded here instead.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from valgus import settings
from valgus.io.frame_workers import FrameWorker, Message, Send, release, take
from valgus.io.video import Crop, iter_frames
from valgus.io.writers.overlay import VideoOverlay, draw_overlay

Progress = Callable[[int], None]  # frames of this part done so far


@dataclass(frozen=True)
class Part:
    """Frames [start, stop) of the clip (stop None: to the end) into the segment file ``target``."""

    video: str
    crop: Crop | None
    start: int
    stop: int | None
    size: tuple[int, int]  # (width, height), even
    fps: float
    target: str
    scaled: bool = False  # frames are resized to ``size`` (else cropped to it)
    keep: int | None = None  # this frame, as decoded, is also saved (kept_path) for a still
    threads: int = 0  # libx264 threads (0: its own choice)

    @property
    def kept_path(self) -> Path:
        return Path(f"{self.target}.keep.npy")


def encoder_options(threads: int = 0) -> dict[str, object]:
    """libx264 options of the annotated video (``video.yaml``)."""
    cfg = settings.video().annotated_video
    options: dict[str, object] = {"preset": cfg.preset, "crf": str(cfg.crf)}
    return {**options, "threads": str(threads)} if threads > 0 else options


def encode_part(part: Part, overlay: VideoOverlay, progress: Progress | None = None) -> int:
    """Draw the overlay on the part's frames and encode them (H.264, yuv420p); frames written."""
    width, height = part.size
    written = 0
    with av.open(part.target, mode="w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=Fraction(part.fps).limit_denominator(1001))
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = encoder_options(part.threads)
        for index, _, rgb in iter_frames(part.video, part.crop, start=part.start, stop=part.stop):
            if index == part.keep:  # the still's frame, without a second decoding pass
                np.save(part.kept_path, rgb)
            if part.scaled:
                rgb = np.asarray(cv2.resize(rgb, (width, height), interpolation=cv2.INTER_AREA))
            picture = draw_overlay(np.ascontiguousarray(rgb[:height, :width]), overlay, index)
            # OpenCV's RGB -> I420 is ~4x faster than the encoder's own conversion
            yuv = np.asarray(cv2.cvtColor(picture, cv2.COLOR_RGB2YUV_I420), dtype=np.uint8)
            out.mux(stream.encode(av.VideoFrame.from_numpy_buffer(yuv, format="yuv420p")))
            written += 1
            if progress is not None:
                progress(written)
        out.mux(stream.encode(None))
    return written


def join_segments(segments: list[Path], target: Path) -> None:
    """Copy the segments' packets one after another into ``target`` (MP4, faststart).

    Each segment's time stamps start at its own zero; they are shifted by the frames before it,
    so presentation and decoding times run on without a gap or an overlap.
    """
    with av.open(str(target), mode="w", format="mp4", options={"movflags": "+faststart"}) as out:
        stream = None
        offset = 0  # in the output stream's time base
        last_dts: int | None = None
        for segment in segments:
            with av.open(str(segment)) as source:
                src = source.streams.video[0]
                if stream is None:
                    stream = out.add_stream_from_template(src)
                end = offset
                for packet in source.demux(src):
                    if packet.dts is None:  # the demuxer's final empty packet
                        continue
                    packet.pts = None if packet.pts is None else packet.pts + offset
                    packet.dts = packet.dts + offset
                    if last_dts is not None and packet.dts <= last_dts:
                        raise RuntimeError("segments overlap in decoding time")
                    last_dts = packet.dts
                    if packet.pts is not None and packet.duration:
                        end = max(end, packet.pts + packet.duration)
                    packet.stream = stream
                    out.mux(packet)
                offset = end


def run_part(job: tuple[Part, VideoOverlay], send: Send) -> None:
    """A worker's "video" job: one part into its segment file."""
    part, overlay = job
    send("done", encode_part(part, overlay))


@dataclass
class PartJob:
    """A part given to a worker process."""

    part: Part
    worker: FrameWorker
    inbox: queue.Queue[Message] = field(default_factory=queue.Queue)
    released: bool = False


def start_workers(parts: list[Part], overlay: VideoOverlay) -> list[PartJob]:
    """A worker process per part (ones that are waiting first, e.g. the clip's pose workers)."""
    jobs = [PartJob(part, worker) for part, worker in zip(parts, take(len(parts)), strict=True)]
    for job in jobs:
        job.worker.submit("video", (job.part, overlay), job.inbox, 0)
    return jobs


def finish_worker(job: PartJob, overlay: VideoOverlay) -> None:
    """Wait for a worker's part; encode it here when the worker failed or left no segment."""
    written: int | None = None
    while True:
        _, kind, payload = job.inbox.get()
        if kind == "done":
            written = payload
            break
        if kind in ("error", "exit"):
            break
    job.released = True
    release(job.worker, healthy=written is not None)
    target = Path(job.part.target)
    if written is None or not target.is_file() or target.stat().st_size == 0:
        target.unlink(missing_ok=True)
        encode_part(job.part, overlay)


def stop_workers(jobs: list[PartJob]) -> None:
    """Stop the workers whose part is not finished (after an error here)."""
    for job in jobs:
        if not job.released:
            job.released = True
            job.worker.close()
