"""Pose estimation of a clip's later parts in worker processes, beside the main process.

The clip's frames are split into consecutive parts, one per available core (``pose.yaml``
parallel). The main process runs the first part itself (so the early side-view check and the
progress bar work as in a serial run); each other part goes to a worker process that decodes the
clip from the start, skips to its part and sends back the per-frame arrays. A worker's first
frame starts a new track: the main person is chosen afresh there, as after any frame where
tracking was lost.

Each part runs as a "pose" job in a worker process (valgus.io.frame_workers): a fresh interpreter
that sends ("progress", frames done), then ("done", (arrays, model info)) or ("error", exception).
A worker that sent its part may then draw part of the annotated video (frame_workers.kept_warm).
"""

from __future__ import annotations

import os
import queue as queue_module
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from numpy.typing import NDArray

from valgus import settings
from valgus.io.frame_workers import FrameWorker, Message, Send, release, take
from valgus.io.readers.pose_buffers import FrameBuffers
from valgus.io.video import Crop

Arrays = dict[str, NDArray[Any]]
PROGRESS_EVERY = 5  # frames between two progress messages


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def plan_parts(
    n_frames: int, first_min: int = 0, cores: int | None = None, extra: int | None = None
) -> list[int]:
    """Start frames of the parts (the first is 0); one part when the clip is too short to share.

    Each part holds at least ``pose.yaml`` parallel.min_frames_per_worker frames (a worker's start,
    about a second of imports and model loading, must pay for itself); the first is longer by
    first_part_extra_frames (the main process works while the workers start) and at least
    ``first_min`` (the early check's window runs in the main process). ``extra`` replaces
    first_part_extra_frames (the annotated video's workers start and skip at another pace).
    """
    cfg = settings.pose().parallel
    min_frames = max(cfg.min_frames_per_worker, 1)
    workers = min(cfg.max_workers, available_cores() if cores is None else cores)
    workers = max(1, min(workers, n_frames // min_frames))
    lead = cfg.first_part_extra_frames if extra is None else extra
    first = max(n_frames // workers + lead, first_min)
    later = min(workers - 1, (n_frames - first) // min_frames)
    if later < 1:
        return [0]
    rest = n_frames - first
    return [0, *(first + (rest * k) // later for k in range(later))]


# ---------------------------------------------------------------- in the worker process


def run_part(job: dict[str, Any], send: Send) -> None:
    """Frames [start, stop) of the clip through the pose model (a worker's "pose" job)."""
    from valgus.io.video import iter_frames
    from valgus.pose.mediapipe_backend import MediaPipeBackend

    model = None if job["model"] is None else Path(job["model"])
    crop = None if job["crop"] is None else Crop(*job["crop"])
    start, stop = int(job["start"]), job["stop"]
    buffers = FrameBuffers.allocate(max(1, (stop if stop is not None else start) - start))
    with MediaPipeBackend(model, num_poses=job["num_poses"]) as backend:
        frames = iter_frames(job["path"], crop, start=start, stop=stop)
        for index, time_s, rgb in frames:
            buffers.put(index - start, time_s, backend.process(rgb, round(time_s * 1000.0)))
            if buffers.count % PROGRESS_EVERY == 0:
                send("progress", buffers.count)
        info = dict(backend.info)
    send("done", (buffers.arrays(), info))


# ---------------------------------------------------------------- the main process


@dataclass
class _Part:
    worker: FrameWorker
    start: int
    done: int = 0
    result: tuple[Arrays, dict[str, Any]] | None = None
    error: BaseException | None = None

    @property
    def over(self) -> bool:
        return self.result is not None or self.error is not None


@dataclass(frozen=True)
class PartResult:
    """One part run apart: its first frame, and its arrays and model info, or why it failed."""

    start: int
    arrays: Arrays | None
    info: dict[str, Any]
    error: BaseException | None = None


@dataclass
class Workers:
    """Worker processes for the parts after the first."""

    workers: list[_Part]
    inbox: queue_module.Queue[Message] = field(default_factory=queue_module.Queue)

    @classmethod
    def start(
        cls, path: Path, crop: Crop | None, model: Path | None, num_poses: int, starts: list[int]
    ) -> Workers:
        stops: list[int | None] = [*starts[2:], None]
        pool = cls([])
        for index, (worker, start, stop) in enumerate(
            zip(take(len(starts) - 1), starts[1:], stops, strict=True)
        ):
            job = {
                "path": str(path),
                "crop": None if crop is None else [crop.x0, crop.y0, crop.x1, crop.y1],
                "model": None if model is None else str(model),
                "num_poses": num_poses,
                "start": start,
                "stop": stop,
            }
            pool.workers.append(_Part(worker, start))
            worker.submit("pose", job, pool.inbox, index)
        return pool

    @property
    def done(self) -> int:
        return sum(w.done for w in self.workers)

    def _handle(self, index: int, kind: str, payload: Any) -> None:
        part = self.workers[index]
        if kind == "progress":
            part.done = payload
        elif kind == "done":
            part.result = payload
            part.done = len(payload[0]["times"])
        elif kind == "error":
            part.error = part.error or payload
        elif not part.over:  # "exit" without a result
            part.error = RuntimeError(f"a pose worker stopped without a result (exit {payload})")

    def poll(self) -> int:
        """Frames the workers have done so far (reads what they sent; never waits)."""
        while True:
            try:
                self._handle(*self.inbox.get_nowait())
            except queue_module.Empty:
                return self.done

    def wait(self, tick: Any = None) -> list[PartResult]:
        """Every part's result, in frame order, once each worker is done or has failed."""
        while not all(w.over for w in self.workers):
            self._handle(*self.inbox.get())
            if tick is not None:
                tick(self.done)
        results = []
        for w in self.workers:
            if w.result is not None:
                results.append(PartResult(w.start, *w.result))
            else:
                results.append(PartResult(w.start, None, {}, w.error))
        return results

    def close(self) -> None:
        """Workers that sent their part wait for the next job (see frame_workers.kept_warm);
        the others are stopped."""
        for part in self.workers:
            release(part.worker, healthy=part.result is not None)
