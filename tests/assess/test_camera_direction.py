"""The camera advice says which way to move the camera, and that way is right.

A synthetic 3-D squat is filmed by a virtual pinhole camera placed deliberately off to one side of
the person; the pose model's world landmarks are emulated (camera axes, hip-centred). Where the
camera stands is checked from the geometry itself (its position against the person's own left and
forward axes), not from the renderer's conventions.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from valgus import synthetic
from valgus.analysis.pipeline import analyze_recording
from valgus.analysis.result import to_json_dict
from valgus.assess.camera import turn_advice
from valgus.keypoints import Recording
from valgus.skeleton import INDEX


def filmed(person_heading: float, camera_yaw: float) -> tuple[Recording, str, str]:
    """The clip, and where the camera really is: ("front"|"behind", "left"|"right" of the person)."""
    trial = synthetic.squat_trial(2, valgus_deg=8.0, peak_flexion_deg=60.0, yaw_deg=person_heading)
    rec = synthetic.project_to_camera(
        trial.recording, yaw_deg=camera_yaw, distance_m=4.0, with_world=True
    )
    world = trial.recording.world
    assert world is not None and world.up is not None
    pos = world.positions[0]
    hips = 0.5 * (pos[INDEX["left_hip"]] + pos[INDEX["right_hip"]])
    to_left = pos[INDEX["left_hip"]] - pos[INDEX["right_hip"]]
    forward = np.cross(to_left, world.up)  # left x up = forward (right-handed)
    to_camera = np.asarray(rec.meta["camera"]["position"]) - hips
    where = "front" if to_camera @ forward > 0 else "behind"
    side = "left" if to_camera @ to_left > 0 else "right"
    return rec, where, side


def analysed(person_heading: float, camera_yaw: float) -> tuple[dict[str, Any], str, str]:
    rec, where, side = filmed(person_heading, camera_yaw)
    return to_json_dict(analyze_recording(rec, "bilateral-squat")), where, side


def test_camera_off_to_the_persons_left_front_is_told_to_move_to_their_right() -> None:
    data, where, side = analysed(0.0, 20.0)
    assert (where, side) == ("front", "left")  # the geometry of the shot, checked
    cam = data["camera"]
    assert cam["view"] == "oblique" and cam["yaw_deg"] == pytest.approx(-20.0, abs=1.0)
    assert cam["off_to"] == "left"
    msg = cam["message"]
    assert "to the person's left" in msg
    assert "around the person to their right (your left as you face them)" in msg
    assert msg in data["quality"]["warnings"]


def test_camera_off_to_the_persons_right_front_is_told_to_move_to_their_left() -> None:
    data, where, side = analysed(0.0, -40.0)
    assert (where, side) == ("front", "right")
    cam = data["camera"]
    assert cam["ok"] is False and cam["yaw_deg"] == pytest.approx(40.0, abs=1.5)
    assert cam["off_to"] == "right"
    assert "around the person to their left (your right as you face them)" in cam["message"]


@pytest.mark.parametrize(("camera_yaw", "side"), [(-20.0, "left"), (20.0, "right")])
def test_filmed_from_behind_the_advice_follows_the_persons_sides(
    camera_yaw: float, side: str
) -> None:
    data, where, real_side = analysed(180.0, camera_yaw)
    assert (where, real_side) == ("behind", side)
    towards = "right" if side == "left" else "left"
    cam = data["camera"]
    assert cam["view"] == "oblique" and cam["off_to"] == side
    assert f"to their {towards} (your {towards} too as you stand behind them)" in cam["message"]


def test_square_camera_gets_no_advice() -> None:
    data, where, _ = analysed(0.0, 4.0)
    assert where == "front"
    cam = data["camera"]
    assert cam["view"] == "front" and cam["off_to"] is None and cam["message"] is None
    assert cam["yaw_deg"] == pytest.approx(-4.0, abs=1.0)


def test_2d_only_estimate_gives_no_direction() -> None:
    assert "direction cannot be told" in turn_advice(25.0, None, True)
    rec, _, _ = filmed(0.0, 35.0)
    two_d = Recording(
        source=rec.source, kind=rec.kind, image=rec.image, image_size=rec.image_size, meta=rec.meta
    )
    cam = to_json_dict(analyze_recording(two_d, "bilateral-squat"))["camera"]
    assert cam["view"] == "oblique" and cam["off_to"] is None
    assert "direction cannot be told from 2-D keypoints" in cam["message"]
