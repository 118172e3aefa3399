"""Worker processes kept between jobs: the pose workers of a clip then draw its video parts."""

from __future__ import annotations

import queue
import sys
import time
from pathlib import Path

import pytest
from tests.video.test_video_parts import (
    FPS,
    H,
    W,
    bar_length,
    counting_clip,
    decoded,
    empty_overlay,
)

from valgus.io import frame_workers
from valgus.io.frame_workers import FrameWorker, kept_warm, release, take
from valgus.io.writers.annotated_video import annotate_video
from valgus.io.writers.video_parts import Part, finish_worker, start_workers


def _run(worker: FrameWorker, kind: str, job: object) -> tuple[str, object]:
    inbox: queue.Queue[frame_workers.Message] = queue.Queue()
    worker.submit(kind, job, inbox, 7)
    while True:
        tag, what, payload = inbox.get(timeout=60)
        assert tag == 7
        if what != "progress":
            return what, payload


def test_a_worker_runs_jobs_one_after_another(tmp_path: Path) -> None:
    clip = counting_clip(tmp_path / "in.mp4", n=30)
    overlay = empty_overlay(30, W, H, [])
    (worker,) = take(1)
    try:
        pid = worker.process.pid
        for start, stop in ((0, 10), (10, None)):
            part = Part(str(clip), None, start, stop, (W, H), FPS, str(tmp_path / f"{start}.mp4"))
            assert _run(worker, "video", (part, overlay)) == ("done", (stop or 30) - start)
        kind, error = _run(worker, "no-such-job", None)  # an error is a message, not a crash
        assert kind == "error" and "no-such-job" in str(error)
        assert worker.alive and worker.process.pid == pid
        frames, _, _ = decoded(tmp_path / "10.mp4")
        assert [bar_length(f) for f in frames] == pytest.approx(list(range(10, 30)), abs=1)
    finally:
        worker.close()
    assert not worker.alive


def test_workers_are_kept_only_within_kept_warm(tmp_path: Path) -> None:
    clip = counting_clip(tmp_path / "in.mp4", n=200)
    overlay = empty_overlay(200, W, H, [])
    with kept_warm():
        (first,) = take(1)
        release(first, healthy=True)
        assert frame_workers.waiting() == 1
        part = Part(str(clip), None, 100, None, (W, H), FPS, str(tmp_path / "seg.mp4"))
        (job,) = start_workers([part], overlay)
        assert job.worker is first  # the waiting worker took the part
        finish_worker(job, overlay)
        assert frame_workers.waiting() == 1 and first.alive
        _, kept = annotate_video(clip, tmp_path / "o.mp4", overlay, workers=2, keep_frame=150)
        assert kept is not None and bar_length(kept) == 150 % W
        assert frame_workers.waiting() == 1 and first.alive  # the same worker drew again
    assert frame_workers.waiting() == 0
    first.process.wait(timeout=10)
    assert not first.alive
    (outside,) = take(1)
    release(outside, healthy=True)  # outside kept_warm: stopped at once
    assert frame_workers.waiting() == 0
    assert outside.process.wait(timeout=10) is not None


def test_a_worker_that_stopped_before_its_job_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job of a worker that had already exited ends with ("exit", code), never a wait."""
    monkeypatch.setattr(sys, "executable", "/bin/false")
    worker = FrameWorker()
    monkeypatch.undo()
    worker.process.wait(timeout=10)
    for _ in range(500):  # its reader thread sees the end of the stream
        if worker.exited:
            break
        time.sleep(0.01)
    assert worker.exited and not worker.alive
    assert _run(worker, "video", None) == ("exit", 1)
    worker.close()
