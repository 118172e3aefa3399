"""Decoding real and synthetic clips: counts, sizes, rotation, crops, MPEG-TS."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.conftest import require
from tests.video.clips import set_rotation_90, write_clip

from valgus.errors import InputError
from valgus.io.video import Crop, iter_frames, probe, read_frame

pytestmark = pytest.mark.realdata


def test_synthetic_clip_probe_and_frames(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "a.mp4", n_frames=12, width=64, height=32, fps=10)
    info = probe(clip)
    assert (info.width, info.height, info.n_frames, info.rotation) == (64, 32, 12, 0)
    assert info.fps == pytest.approx(10.0)
    frames = list(iter_frames(clip))
    assert [i for i, _, _ in frames] == list(range(12))
    assert np.allclose([t for _, t, _ in frames], np.arange(12) / 10.0)
    first = frames[0][2]
    assert first.dtype == np.uint8 and first.shape == (32, 64, 3)
    assert first[:, :28].mean() > 240 and first[:, 36:].mean() < 15


def test_rotation_metadata_is_applied(tmp_path: Path) -> None:
    clip = set_rotation_90(write_clip(tmp_path / "rot.mp4", width=64, height=32))
    info = probe(clip)
    assert (info.width, info.height, info.rotation) == (32, 64, 90)
    frame = next(iter_frames(clip))[2]
    assert frame.shape == (64, 32, 3)
    # the white left half of the coded picture is the top half once turned 90 degrees clockwise
    assert frame[:28].mean() > 240 and frame[36:].mean() < 15


def test_crop_parsing_and_pixel_box() -> None:
    assert Crop.parse("left-half").pixel_box(1920, 1592) == (0, 0, 960, 1592)
    assert Crop.parse("right-half").pixel_box(1920, 1080) == (960, 0, 1920, 1080)
    assert Crop.parse(" 0.1, 0.2 ,0.6,1 ").pixel_box(1000, 500) == (100, 100, 600, 500)
    for bad in ("middle", "0,0,1", "0.5,0,0.4,1", "0,0,1.5,1"):
        with pytest.raises(InputError):
            Crop.parse(bad)


def test_read_frame_matches_iter_frames(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "a.mp4", n_frames=8)
    frames = [f for _, _, f in iter_frames(clip, Crop.parse("right-half"))]
    assert np.array_equal(read_frame(clip, 5, Crop.parse("right-half")), frames[5])
    with pytest.raises(InputError, match="no frame 99"):
        read_frame(clip, 99)


def test_mpeg_ts_named_mp4_frame_count(shared_data: Path) -> None:
    clip = require(shared_data / "tuxotiikeri_squatdetection/videos/hyva2.mp4")
    info = probe(clip)
    assert info.n_frames == 227  # OpenCV alone estimates 276 for this stream
    assert (info.width, info.height) == (1280, 720)
    assert info.fps == pytest.approx(25.0)
    assert sum(1 for _ in iter_frames(clip)) == 227


def test_portrait_clip_is_1080_wide_1920_high(shared_data: Path) -> None:
    clip = require(shared_data / "jump_height_calculator/videos/test1.mp4")
    info = probe(clip)
    assert (info.width, info.height) == (1080, 1920)
    _, _, frame = next(iter_frames(clip))
    assert frame.shape == (1920, 1080, 3)


def test_left_half_of_side_by_side_demo(shared_data: Path) -> None:
    clip = require(shared_data / "ucsd_opencap_fitness/videos/demo.mp4")
    info = probe(clip)
    assert info.cropped_size(Crop.parse("left-half")) == (960, 1592)
    frames = iter_frames(clip, Crop.parse("left-half"))
    shapes = {next(frames)[2].shape for _ in range(3)}
    assert shapes == {(1592, 960, 3)}
