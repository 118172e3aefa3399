"""Pose estimation split over worker processes: the plan, errors from a worker, real clips."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import require

from valgus.errors import InputError
from valgus.io.readers import video_pose
from valgus.io.readers.pose_workers import Workers, plan_parts
from valgus.io.readers.video_pose import read_video
from valgus.pose.models import ModelInfo
from valgus.skeleton import INDEX, REQUIRED_FOR_FPPA


def test_plan_parts_shares_frames_between_cores() -> None:
    # pose.yaml: at most 2 workers, at least 60 frames each; here the first part 20 frames longer
    assert plan_parts(365, cores=2, extra=20) == [0, 202]
    assert plan_parts(365, cores=1, extra=20) == [0]
    assert plan_parts(365, cores=8, extra=20) == [0, 202]  # max_workers caps it
    assert plan_parts(159, cores=2, extra=20) == [0, 99]
    assert plan_parts(158, cores=2, extra=20) == [0]  # the second part would be too short to pay
    # the early check's window stays in the main process's part
    assert plan_parts(600, first_min=241, cores=2, extra=20) == [0, 320]
    assert plan_parts(600, first_min=540, cores=2, extra=20) == [0, 540]
    assert plan_parts(600, first_min=541, cores=2, extra=20) == [0]
    # pose.yaml first_part_extra_frames: 0 (the workers start before this process's model loads)
    assert plan_parts(365, cores=2) == [0, 182]


def test_a_worker_error_comes_back_with_its_part(tmp_path: Path) -> None:
    missing = tmp_path / "gone.mp4"
    workers = Workers.start(missing, None, None, 1, [0, 10])
    try:
        (part,) = workers.wait()
    finally:
        workers.close()
    assert part.start == 10 and part.arrays is None
    assert isinstance(part.error, InputError) and "does not exist" in str(part.error)


@pytest.mark.video
@pytest.mark.realdata
def test_a_worker_that_cannot_start_leaves_its_part_to_the_main_process(
    shared_data: Path, pose_model: ModelInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker whose interpreter fails (here /bin/false) costs time, not the analysis: its part
    is run in the main process on the main track, which gives the one-process result."""
    clip = require(shared_data / "tuxotiikeri_squatdetection/videos/hyva6.mp4")
    serial = read_video(clip, workers=1)
    ticks: list[int] = []
    monkeypatch.setattr(sys, "executable", "/bin/false")
    shared = read_video(clip, progress=lambda done, total: ticks.append(done))
    assert shared.image is not None and serial.image is not None
    assert np.array_equal(shared.image.positions, serial.image.positions, equal_nan=True)
    assert ticks == sorted(ticks) and ticks[-1] == 201  # the bar never moves back


@pytest.mark.video
@pytest.mark.realdata
def test_two_processes_give_the_serial_landmarks(
    shared_data: Path, pose_model: ModelInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """hyva2.mp4 (227 frames) in two parts: same frames and times as one process; the second
    part starts a new track, so its landmarks differ by tracking jitter only (measured: median
    0.4 px, 95th percentile 2.0 px on 720p)."""
    clip = require(shared_data / "tuxotiikeri_squatdetection/videos/hyva2.mp4")
    monkeypatch.setattr(video_pose, "plan_parts", lambda *a, **k: [0, 133])
    shared = read_video(clip)
    monkeypatch.setattr(video_pose, "plan_parts", lambda *a, **k: [0])
    serial = read_video(clip)
    assert shared.image is not None and serial.image is not None
    assert np.array_equal(shared.image.times, serial.image.times)
    legs = [INDEX[n] for n in REQUIRED_FOR_FPPA]
    first = np.abs(shared.image.positions[:133] - serial.image.positions[:133])
    assert np.nanmax(first) == 0.0  # the main process's part is the serial run
    later = np.linalg.norm(
        shared.image.positions[133:, legs] - serial.image.positions[133:, legs], axis=-1
    )
    assert np.nanmedian(later) < 3.0 and np.nanpercentile(later, 95) < 10.0
    found = [int(np.isfinite(r.image.positions[:, legs]).all(axis=(1, 2)).sum())
             for r in (shared, serial)]  # fmt: skip
    assert abs(found[0] - found[1]) <= 2
    assert (shared.n_people == serial.n_people).mean() > 0.95
