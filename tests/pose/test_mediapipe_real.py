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
