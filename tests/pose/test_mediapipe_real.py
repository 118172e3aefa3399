"""MediaPipe on a real frontal squat clip (slow: about 20 s on 2 cores)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.conftest import require

from valgus.io.readers.video_pose import read_video
from valgus.pose.models import ModelInfo
from valgus.skeleton import INDEX, REQUIRED_FOR_FPPA

pytestmark = [pytest.mark.video, pytest.mark.realdata]


@pytest.fixture(scope="module")
def squats(shared_data: Path, pose_model: ModelInfo):
    return read_video(require(shared_data / "ambaks_nowva/videos/squats.mp4"))


def test_squats_every_frame_has_legs(squats) -> None:
    image = squats.image
    assert image.n_frames == 365 and squats.image_size == (1280, 720)
    legs = [INDEX[name] for name in REQUIRED_FOR_FPPA]
    has_legs = np.isfinite(image.positions[:, legs]).all(axis=(1, 2))
    assert has_legs.mean() > 0.95
    conf = image.confidence[:, legs]
    assert np.nanmedian(conf) > 0.9


def test_squats_hips_above_knees_above_ankles(squats) -> None:
    y = squats.image.positions[:, :, 1]
    standing = slice(0, 30)  # the first second, before the first descent
    for side in ("left", "right"):
        hip, knee, ankle = (y[:, INDEX[f"{side}_{p}"]] for p in ("hip", "knee", "ankle"))
        assert np.mean(knee < ankle) > 0.99
        assert np.mean(hip < ankle) > 0.99
        assert np.mean(hip[standing] < knee[standing]) > 0.9
        # deep squat: the hip crease drops just below the knee at the bottom of each rep
        assert 0.7 < np.mean(hip < knee) < 0.95
        leg = np.nanmedian(ankle - hip)
        assert 150 < leg < 250  # px: a person filling about 40 % of a 720p frame's height
        assert np.nanmin((knee - hip) / leg) > -0.25


def test_squats_one_person_and_anatomical_sides(squats) -> None:
    assert np.mean(squats.n_people == 1) > 0.9
    x = squats.image.positions[:, :, 0]
    # facing the camera: the person's left hip appears on the image's right
    assert np.mean(x[:, INDEX["left_hip"]] > x[:, INDEX["right_hip"]]) > 0.95
    world = squats.world.positions
    hip_mid = (world[:, INDEX["left_hip"]] + world[:, INDEX["right_hip"]]) / 2
    assert np.nanmax(np.abs(hip_mid)) < 0.05  # world origin between the hips
    assert squats.meta["model"]["name"] == "pose_landmarker_full"
    assert squats.meta["model"]["sha256"].startswith("4eaa5eb7")


def _two_people_clip(shared_data: Path, dest: Path, second_from: int) -> Path:
    """squats.mp4's centre (640 px) beside hyva_ja_paha.mp4's centre, the second person shown
    from frame ``second_from`` on (white before): 1280x720, 30 fps, 262 frames."""
    import av
    import cv2

    left = cv2.VideoCapture(str(require(shared_data / "ambaks_nowva/videos/squats.mp4")))
    right = cv2.VideoCapture(
        str(require(shared_data / "tuxotiikeri_squatdetection/videos/hyva_ja_paha.mp4"))
    )
    with av.open(str(dest), "w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        index = 0
        while True:
            ok_a, a = left.read()
            ok_b, b = right.read()
            if not (ok_a and ok_b):
                break
            b = b[:, 320:960] if index >= second_from else np.full((720, 640, 3), 255, np.uint8)
            frame = np.ascontiguousarray(np.hstack([a[:, 320:960], b])[:, :, ::-1])
            container.mux(stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")))
            index += 1
        container.mux(stream.encode(None))
    return dest


def test_tracked_person_and_a_second_one_walking_in(
    shared_data: Path, pose_model: ModelInfo, tmp_path: Path
) -> None:
    """The default tracks one person and looks for others every 0.5 s (pose.yaml); a second
    person shown from 3.0 s is seen at the first look after that, every frame is then searched,
    and the frames since the previous look count as two as well."""
    clip = _two_people_clip(shared_data, tmp_path / "two.mp4", second_from=90)
    rec = read_video(clip)
    assert rec.n_people is not None
    assert rec.meta["model"]["people_check_s"] == 0.5
    assert rec.meta["model"]["people_search_from_s"] == pytest.approx(3.0, abs=0.01)
    assert (rec.n_people[:75] == 1).all()  # up to the look at 2.5 s: the main person alone
    assert np.mean(rec.n_people[90:] == 2) > 0.95
    # the main person (the squatter on the left) is kept once both are in view
    x = rec.image.positions[:, INDEX["left_hip"], 0]
    assert np.nanmax(x) < 640
