"""read_video with a scripted backend: arrays, crop-local pixels, NaN gaps, NoPersonError."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.video.clips import write_clip

from valgus.errors import NoPersonError
from valgus.io.readers.video_pose import read_video
from valgus.pose.backend import PoseFrame
from valgus.skeleton import JOINTS


class ScriptedBackend:
    """Sees a person (at the frame centre) in the frames listed in ``present``."""

    def __init__(self, present: set[int]) -> None:
        self.present = present
        self.info: dict[str, Any] = {"backend": "scripted"}
        self.calls: list[tuple[tuple[int, ...], int]] = []
        self.closed = False

    def process(self, rgb: np.ndarray, timestamp_ms: int) -> PoseFrame:
        index = len(self.calls)
        self.calls.append((rgb.shape, timestamp_ms))
        if index not in self.present:
            return PoseFrame.empty(0)
        k = len(JOINTS)
        centre = np.array([rgb.shape[1] / 2, rgb.shape[0] / 2])
        return PoseFrame(np.tile(centre, (k, 1)), np.full(k, 0.9), np.zeros((k, 3)), 2)

    def close(self) -> None:
        self.closed = True


def test_arrays_times_and_crop(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "a.mp4", n_frames=20, width=64, height=32, fps=10)
    backend = ScriptedBackend(present=set(range(0, 20, 2)))
    ticks: list[tuple[int, int]] = []
    rec = read_video(clip, crop="right-half", backend=backend,
                     progress=lambda done, total: ticks.append((done, total)))  # fmt: skip
    assert not backend.closed  # a caller's backend is the caller's to close
    assert backend.calls[0][0] == (32, 32, 3)  # the backend saw the cropped frame
    assert [ms for _, ms in backend.calls[:3]] == [0, 100, 200]
    image, world = rec.image, rec.world
    assert image is not None and world is not None
    assert image.positions.shape == (20, len(JOINTS), 2) and world.positions.shape[2] == 3
    assert (image.space, image.units, world.space, world.units) == ("image", "px", "camera", "m")
    assert np.allclose(image.positions[0], [16.0, 16.0])  # crop-local pixels
    assert np.isnan(image.positions[1]).all() and np.isnan(image.confidence[1]).all()
    assert rec.n_people is not None and rec.n_people.tolist() == [2, 0] * 10
    assert np.allclose(image.times, np.arange(20) / 10.0)
    assert rec.image_size == (32, 32)
    assert rec.meta["crop"] == "0.5,0,1,1" and rec.meta["model"] == {"backend": "scripted"}
    assert ticks[-1] == (20, 20)


def test_no_person_error(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "empty_room.mp4", n_frames=30)
    with pytest.raises(NoPersonError, match=r"no person found in empty_room\.mp4") as caught:
        read_video(clip, backend=ScriptedBackend(present={3, 4}))  # 2 of 30 frames < 10 %
    assert "\n" not in str(caught.value)
    rec = read_video(clip, backend=ScriptedBackend(present={1, 2, 3}))  # 10 % is enough
    assert rec.meta["frames_with_person"] == 3


def test_early_check_sees_the_first_seconds_once_and_can_stop_the_clip(tmp_path: Path) -> None:
    from valgus.errors import ViewError
    from valgus.io.readers.video_pose import EarlyCheck
    from valgus.keypoints import Recording

    clip = write_clip(tmp_path / "long.mp4", n_frames=50, width=32, height=32, fps=10)  # 5 s
    seen: list[int] = []

    def look(rec: Recording) -> None:
        seen.append(rec.primary.n_frames)

    backend = ScriptedBackend(present=set(range(50)))
    rec = read_video(clip, backend=backend, early_check=EarlyCheck(2.0, look))
    assert seen == [21] and rec.primary.n_frames == 50  # frames 0..20 (t = 2.0 s), then all

    def refuse(rec: Recording) -> None:
        raise ViewError("side view")

    backend = ScriptedBackend(present=set(range(50)))
    with pytest.raises(ViewError):
        read_video(clip, backend=backend, early_check=EarlyCheck(2.0, refuse))
    assert len(backend.calls) == 21  # stopped there: the rest never went through the model

    seen.clear()  # a clip shorter than twice the window is not checked early
    read_video(
        clip, backend=ScriptedBackend(present=set(range(50))), early_check=EarlyCheck(3.0, look)
    )
    assert seen == []
    # nobody in view yet at the check point: the check is skipped, not run on an empty recording
    read_video(
        clip, backend=ScriptedBackend(present=set(range(30, 50))), early_check=EarlyCheck(2.0, look)
    )
    assert seen == []


def test_people_in_view_fills_tracked_frames_from_the_nearest_looks() -> None:
    from valgus.io.readers.video_pose import people_in_view

    # frames 0 and 4 were looked at (1 and 2 people); 1-3 and 5-6 only tracked the main person;
    # frame 7 is a look that found nobody, frame 8 is tracked after it.
    n = np.array([1, 1, 1, 1, 2, 1, 1, 0, 1])
    counted = np.array([1, 0, 0, 0, 1, 0, 0, 1, 0], dtype=bool)
    assert people_in_view(n, counted).tolist() == [1, 2, 2, 2, 2, 2, 2, 0, 1]
    # a tracked frame without a person stays 0; nothing to fill leaves the counts as they are
    assert people_in_view(np.array([0, 1]), np.array([False, True])).tolist() == [0, 1]
    assert people_in_view(np.array([2, 1]), np.ones(2, dtype=bool)).tolist() == [2, 1]


class TrackingBackend(ScriptedBackend):
    """A person in every frame; others looked for on every third frame, two seen from frame 6."""

    def process(self, rgb: np.ndarray, timestamp_ms: int) -> PoseFrame:
        index = len(self.calls)
        frame = super().process(rgb, timestamp_ms)
        looked = index % 3 == 0
        return PoseFrame(frame.image, frame.confidence, frame.world, 2 if index >= 6 else 1, looked)


def test_read_video_takes_tracked_frames_count_from_the_looks(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "a.mp4", n_frames=10, width=64, height=32, fps=10)
    rec = read_video(clip, backend=TrackingBackend(present=set(range(10))))
    assert rec.n_people is not None
    # frames 4-5 lie between a look with one person (3) and one with two (6): counted as two
    assert rec.n_people.tolist() == [1, 1, 1, 1, 2, 2, 2, 2, 2, 2]
