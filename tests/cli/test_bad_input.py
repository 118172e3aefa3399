"""Bad input: one clear line on stderr, a non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.conftest import require

from valgus.cli.main import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    err = capsys.readouterr().err
    return code, err


def assert_one_clean_line(code: int, err: str, *needles: str) -> None:
    assert code != 0
    assert "Traceback" not in err
    lines = [line for line in err.strip().splitlines() if line.strip()]
    text = " ".join(lines)
    assert text.startswith("error:"), err
    for needle in needles:
        assert needle.lower() in text.lower(), err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(["analyze", str(tmp_path / "nope.mp4"), "--task", "bilateral-squat"], capsys)
    assert_one_clean_line(code, err, "no such file")


def test_unknown_task(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "x.trc"
    f.write_text("x")
    code, err = run(["analyze", str(f), "--task", "burpee"], capsys)
    assert_one_clean_line(code, err, "unknown task", "single-leg-squat")


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.mp4", b""), ("random.mp4", bytes(range(256)) * 200), ("notes.mov", b"hello\n" * 50)],
)
def test_empty_corrupt_and_non_video(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes
) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    code, err = run(
        ["analyze", str(f), "--task", "bilateral-squat", "--out", str(tmp_path)], capsys
    )
    assert_one_clean_line(code, err, name)


def test_nan_filled_keypoint_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = [
        "nose",
        "left_shoulder",
        "right_shoulder",
        "left_hip",
        "right_hip",
        "left_knee",
        "right_knee",
        "left_ankle",
        "right_ankle",
    ]
    header = ",".join(f"{n}_{c}" for n in names for c in "xyzv")
    row = ",".join(["nan"] * len(names) * 4)
    f = tmp_path / "nan.csv"
    f.write_text(header + "\n" + "\n".join([row] * 50) + "\n")
    code, err = run(
        ["analyze", str(f), "--task", "bilateral-squat", "--out", str(tmp_path)], capsys
    )
    assert_one_clean_line(code, err)


def test_unknown_markers_trc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        "PathFileType\t4\t(X/Y/Z)\tx.trc",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames",
        "100\t100\t20\t2\tm\t100\t1\t20",
        "Frame#\tTime\tFoo\t\t\tBar\t\t",
        "\t\tX1\tY1\tZ1\tX2\tY2\tZ2",
        "",
    ]
    rng = np.random.default_rng(0)
    for i in range(20):
        vals = "\t".join(f"{v:.4f}" for v in rng.normal(size=6))
        lines.append(f"{i + 1}\t{i / 100:.2f}\t{vals}")
    f = tmp_path / "odd.trc"
    f.write_text("\n".join(lines) + "\n")
    code, err = run(
        ["analyze", str(f), "--task", "bilateral-squat", "--out", str(tmp_path)], capsys
    )
    assert_one_clean_line(code, err, "foo")


@pytest.mark.video
def test_side_view_is_refused_with_advice(
    shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("mediapipe")
    from valgus.pose.models import resolve_model

    try:
        resolve_model(None)
    except Exception as exc:
        pytest.skip(f"pose model not installed: {exc}")
    clip = require(shared_data / "ambaks_nowva/videos/lunge.mp4")
    code, err = run(
        ["analyze", str(clip), "--task", "lunge", "--out", str(tmp_path), "--no-video", "--quiet"],
        capsys,
    )
    assert_one_clean_line(code, err, "side view")
    assert "first 8 s" in err  # refused from its first seconds, not after the whole 32 s clip
    assert not list(tmp_path.glob("lunge.*"))  # nothing half-made is left behind
