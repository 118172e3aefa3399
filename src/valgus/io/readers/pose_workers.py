"""Pose estimation of a clip's later parts in worker processes, beside the main process.

The clip's frames are split into consecutive parts, one per available core (``pose.yaml``
parallel). The main process runs the first part itself (so the early side-view check and the
progress bar work as in a serial run); each other part goes to a worker process that decodes the
clip from the start, skips to its part and sends back the per-frame arrays. A worker's first
frame starts a new track: the main person is chosen afresh there, as after any frame where
tracking was lost.

A worker is a fresh interpreter (``python -m valgus.io.readers.pose_workers``), not a
multiprocessing child: nothing of the caller's process (model, threads, its ``__main__`` script)
is inherited or re-imported. It writes pickled messages to a private copy of its stdout, which a
thread of the main process reads: ("progress", frames done), then ("done", (arrays, model info))
or ("error", exception).
"""

from __future__ import annotations

import json
import os
import pickle
import queue as queue_module
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from numpy.typing import NDArray

from valgus import settings
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


# ---------------------------------------------------------------- the worker process


def _run_part(job: dict[str, Any], out: IO[bytes]) -> None:
    from valgus.io.video import iter_frames
    from valgus.pose.mediapipe_backend import MediaPipeBackend

    def send(kind: str, payload: Any) -> None:
        pickle.dump((kind, payload), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    try:
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
    except Exception as error:  # every failure reaches the main process
        try:
            send("error", error)
        except Exception:  # an exception that does not pickle
            send("error", RuntimeError(f"{type(error).__name__}: {error}"))


def main() -> None:
    """Entry point of a worker: the job as JSON in argv[1], messages on a copy of stdout."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything else printed goes to stderr, never into the message stream
    _run_part(json.loads(sys.argv[1]), out)
    out.close()


# ---------------------------------------------------------------- the main process


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
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

    workers: list[_Worker]
    inbox: queue_module.Queue[tuple[int, str, Any]] = field(default_factory=queue_module.Queue)

    @classmethod
    def start(
        cls, path: Path, crop: Crop | None, model: Path | None, num_poses: int, starts: list[int]
    ) -> Workers:
        stops: list[int | None] = [*starts[2:], None]
        stderr = None if os.environ.get("VALGUS_DEBUG") else subprocess.DEVNULL
        pool = cls([])
        try:
            for index, (start, stop) in enumerate(zip(starts[1:], stops, strict=True)):
                job = {
                    "path": str(path),
                    "crop": None if crop is None else [crop.x0, crop.y0, crop.x1, crop.y1],
                    "model": None if model is None else str(model),
                    "num_poses": num_poses,
                    "start": start,
                    "stop": stop,
                }
                proc = subprocess.Popen(
                    [sys.executable, "-m", "valgus.io.readers.pose_workers", json.dumps(job)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=stderr,
                )
                pool.workers.append(_Worker(proc, start))
                threading.Thread(target=pool._read, args=(index, proc), daemon=True).start()
        except BaseException:
            pool.close()
            raise
        return pool

    def _read(self, index: int, proc: subprocess.Popen[bytes]) -> None:
        """Reader thread: every message of one worker into the inbox, then ("exit", code)."""
        assert proc.stdout is not None
        try:
            while True:
                kind, payload = pickle.load(proc.stdout)
                self.inbox.put((index, kind, payload))
        except EOFError:
            pass
        except Exception as error:  # a torn or unreadable message: the part has no result
            self.inbox.put((index, "error", RuntimeError(f"pose worker message lost: {error}")))
        finally:
            self.inbox.put((index, "exit", proc.wait()))

    @property
    def done(self) -> int:
        return sum(w.done for w in self.workers)

    def _handle(self, index: int, kind: str, payload: Any) -> None:
        worker = self.workers[index]
        if kind == "progress":
            worker.done = payload
        elif kind == "done":
            worker.result = payload
            worker.done = len(payload[0]["times"])
        elif kind == "error":
            worker.error = worker.error or payload
        elif not worker.over:  # "exit" without a result
            worker.error = RuntimeError(f"a pose worker stopped without a result (exit {payload})")

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
        for worker in self.workers:
            if worker.process.poll() is None:
                worker.process.kill()
        for worker in self.workers:
            worker.process.wait(timeout=10)
            if worker.process.stdout is not None:
                worker.process.stdout.close()


if __name__ == "__main__":
    main()
