"""Files that are not usable videos give one-line InputErrors, never tracebacks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.conftest import require
from tests.video.clips import write_clip

from valgus.errors import InputError
from valgus.io.video import iter_frames, probe


def _assert_one_line_input_error(path: Path, match: str) -> None:
    for call in (lambda: probe(path), lambda: list(iter_frames(path))):
        with pytest.raises(InputError, match=match) as caught:
            call()
        assert "\n" not in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    _assert_one_line_input_error(tmp_path / "nope.mp4", "does not exist")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    _assert_one_line_input_error(path, "empty")


def test_random_bytes_named_mp4(tmp_path: Path) -> None:
    path = tmp_path / "noise.mp4"
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 200_000, dtype=np.uint8).tobytes())
    _assert_one_line_input_error(path, "cannot be read as a video|could be decoded")


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("squat 3x10, knees out\n" * 50)
    _assert_one_line_input_error(path, "is a text file, not a video")
    renamed = path.rename(tmp_path / "notes.mp4")
    _assert_one_line_input_error(renamed, "cannot be read as a video")


@pytest.mark.realdata
def test_truncated_real_mp4(shared_data: Path, tmp_path: Path) -> None:
    real = require(shared_data / "ambaks_nowva/videos/squats.mp4").read_bytes()
    path = tmp_path / "cut.mp4"
    path.write_bytes(real[: len(real) // 2])
    _assert_one_line_input_error(path, "cannot be read as a video")


def test_truncated_synthetic_clip(tmp_path: Path) -> None:
    whole = write_clip(tmp_path / "whole.mp4", n_frames=30).read_bytes()
    path = tmp_path / "cut.mp4"
    path.write_bytes(whole[:300])
    _assert_one_line_input_error(path, "cannot be read as a video|could be decoded")
