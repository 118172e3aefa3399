"""MediaPipe CSV, OpenPose JSON and OpenSim .mot readers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import require

from valgus.errors import InputError
from valgus.io.readers import read_motion
from valgus.io.readers.mot import read_mot
from valgus.skeleton import INDEX


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("rel", "rows", "has_toes"),
    [
        ("squat_model/train.csv", 4160, False),
        ("squat_model/test.csv", 853, False),
        ("lunge_model/err.test.csv", 1107, True),
        ("lunge_model/stage.test.csv", 1205, True),
    ],
)
def test_mediapipe_csv_rows(shared_data: Path, rel: str, rows: int, has_toes: bool) -> None:
    rec = read_motion(require(shared_data / "exercise_correction" / rel))
    img = rec.image
    assert rec.kind == "mediapipe_csv" and img.space == "image" and img.units == "px"
    assert img.n_frames == rows and len(rec.meta["labels"]) == rows
    assert rec.image_size == (1000, 1000) and rec.meta["image_size_assumed"]
    assert np.isfinite(img.joint("left_knee")).all()
    assert np.isfinite(img.joint("left_toe")).all() == has_toes
    assert np.isnan(img.confidence[:, INDEX["left_toe"]]).all() != has_toes
    # image y grows downwards: hips above (smaller y than) ankles in most frames
    assert np.mean(img.joint("left_hip")[:, 1] < img.joint("left_ankle")[:, 1]) > 0.9
    assert img.times[1] == pytest.approx(1 / 30)


@pytest.mark.realdata
def test_mediapipe_csv_labels_and_size(shared_data: Path) -> None:
    path = require(shared_data / "exercise_correction/squat_model/train.csv")
    rec = read_motion(path, fps=25.0, image_size=(1280, 720))
    assert set(rec.meta["labels"]) == {"up", "down"}
    assert not rec.meta["image_size_assumed"]
    assert rec.image.times[-1] == pytest.approx(4159 / 25)
    assert np.nanmax(rec.image.positions[..., 0]) <= 1280 * 1.2


def test_mediapipe_csv_time_column_and_missing(tmp_path: Path) -> None:
    cols = ["time", "image_width", "image_height"]
    names = ["left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle"]
    cols += [f"{n}_{c}" for n in names for c in ("x", "y", "v")]
    rows = [
        ["0.0", "640", "480"] + ["0.5", "0.5", "0.9"] * 6,
        ["0.04", "640", "480"] + ["", "", ""] + ["0.5", "0.6", "0.8"] * 5,
    ]
    path = tmp_path / "lm.csv"
    path.write_text("\n".join(",".join(r) for r in [cols, *rows]) + "\n")
    rec = read_motion(path)
    assert rec.image_size == (640, 480)
    assert rec.image.joint("right_hip")[0].tolist() == [320.0, 240.0]
    assert np.isnan(rec.image.joint("left_hip")[1]).all()
    assert np.isnan(rec.image.confidence[1, INDEX["left_hip"]])
    assert rec.image.confidence[1, INDEX["right_hip"]] == pytest.approx(0.8)
    assert rec.image.times.tolist() == [0.0, 0.04]
    assert np.isnan(rec.image.joint("nose")).all()


def test_csv_errors(tmp_path: Path) -> None:
    other = tmp_path / "angles.csv"
    other.write_text("right_knee_angle,left_knee_angle\n1,2\n")
    with pytest.raises(InputError, match=r"no hip/knee/ankle landmarks recognised in angles\.csv"):
        read_motion(other)
    cut = tmp_path / "cut.csv"
    cut.write_text("left_hip_x,left_hip_y,left_knee_x\n0.1,0.2,0.3\n0.1,0.2\n")
    with pytest.raises(InputError, match="the last row has 2 values for 3 columns"):
        read_motion(cut)


BODY25 = 25


def _person(dx: float, scale: float, missing: tuple[int, ...] = ()) -> list[float]:
    """A BODY_25 person: joint j at (100 + dx + j, 50 + 20 j * scale), confidence 0.9."""
    out: list[float] = []
    for j in range(BODY25):
        out += [0.0, 0.0, 0.0] if j in missing else [100 + dx + j, 50 + 20 * j * scale, 0.9]
    return out


def _write_openpose(folder: Path) -> None:
    folder.mkdir()
    for t in range(4):
        people = [{"pose_keypoints_2d": _person(5 * t, 1.0, missing=(10,) if t == 2 else ())}]
        if t >= 1:  # a smaller bystander far away from frame 1 on
            people.append({"pose_keypoints_2d": _person(900, 0.5)})
        (folder / f"clip_{t:012d}_keypoints.json").write_text(json.dumps({"people": people}))


def test_openpose_folder_round_trip(tmp_path: Path) -> None:
    folder = tmp_path / "op"
    _write_openpose(folder)
    rec = read_motion(folder, fps=50)
    img = rec.image
    assert rec.kind == "openpose_json" and rec.meta["layout"] == "BODY_25"
    assert img.n_frames == 4 and rec.n_people.tolist() == [1, 2, 2, 2]
    assert img.times.tolist() == [0.0, 0.02, 0.04, 0.06]
    # right knee = BODY_25 index 10, left big toe = 19, main person tracked (dx = 5 t)
    assert img.joint("right_knee")[1].tolist() == [100 + 5 + 10, 50 + 200]
    assert img.joint("left_toe")[3].tolist() == [100 + 15 + 19, 50 + 380]
    assert np.isnan(img.joint("right_knee")[2]).all()  # confidence 0 -> NaN
    assert np.isnan(img.confidence[2, INDEX["right_knee"]])
    assert img.confidence[0, INDEX["nose"]] == pytest.approx(0.9)
    assert read_motion(folder).meta["fps_assumed"]


def test_openpose_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="folder without"):
        read_motion(empty)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a_keypoints.json").write_text("{not json")
    with pytest.raises(InputError, match="not a readable OpenPose"):
        read_motion(bad)


@pytest.mark.realdata
def test_mot_radians_and_degrees(shared_data: Path) -> None:
    rad = read_mot(require(shared_data / "opencap_subject4_nimble/IK/squats1_ik.mot"))
    assert not rad.in_degrees_file and len(rad.time) == 1346
    assert 80 < np.max(rad["knee_angle_r"]) < 120  # converted to degrees
    assert rad["pelvis_ty"][0] == pytest.approx(0.960245)  # translations untouched
    deg = read_mot(require(shared_data / "opencap_processing/squats1_videoAndMocap.mot"))
    assert deg.in_degrees_file and len(deg.time) == 801
    assert 70 < np.max(deg["knee_angle_l"]) < 110
    assert "hip_adduction_r" in deg.columns


def test_mot_malformed(tmp_path: Path) -> None:
    path = tmp_path / "x.mot"
    path.write_text("Coordinates\nnRows=2\n")
    with pytest.raises(InputError, match="endheader"):
        read_mot(path)
    path.write_text("inDegrees=yes\nendheader\ntime\ta\n0\t1\n0.01\n")
    with pytest.raises(InputError, match="truncated"):
        read_mot(path)
