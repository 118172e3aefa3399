"""A side view is refused for frontal metrics: early, from the clip's first seconds, and in full."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from valgus import synthetic
from valgus.analysis.early_view import side_view_check
from valgus.analysis.pipeline import analyze_recording
from valgus.analysis.result import to_json_dict
from valgus.errors import ViewError
from valgus.keypoints import Keypoints, Recording


def clip(camera_yaw: float) -> Recording:
    trial = synthetic.squat_trial(4, valgus_deg=10.0, peak_flexion_deg=70.0)
    return synthetic.project_to_camera(
        trial.recording, yaw_deg=camera_yaw, distance_m=4.0, with_world=True
    )


def test_side_view_gives_no_frontal_number_but_counts_the_reps() -> None:
    data = to_json_dict(analyze_recording(clip(85.0), "bilateral-squat"))
    cam = data["camera"]
    assert cam["view"] == "side" and cam["ok"] is False
    assert "side view" in cam["message"]
    assert len(data["reps"]) == 8  # 4 reps x 2 sides
    assert all(r["verdict"] == "no_reading" and r["fppa_deg"] is None for r in data["reps"])
    assert data["verdict"] == "no_reading"


def test_early_check_refuses_a_side_view_with_one_line() -> None:
    check = side_view_check("bilateral-squat", "clip.mp4")
    assert check.at_s == pytest.approx(8.0)  # camera.yaml yaw.early_check_s
    with pytest.raises(ViewError) as err:
        check.check(clip(85.0))
    msg = str(err.value)
    assert msg.startswith("clip.mp4: side view") and "first 8 s" in msg and "\n" not in msg


@pytest.mark.parametrize("camera_yaw", [0.0, 20.0, 180.0])
def test_early_check_lets_front_oblique_and_back_views_through(camera_yaw: float) -> None:
    side_view_check("bilateral-squat", "clip.mp4").check(clip(camera_yaw))


def test_early_check_waits_when_the_person_is_mostly_not_in_view_yet() -> None:
    rec = clip(85.0)
    image = rec.image
    assert image is not None
    hidden = image.positions.copy()
    hidden[: int(0.6 * hidden.shape[0])] = np.nan  # walks in after 60 % of the window
    late = replace(rec, image=replace(image, positions=hidden))
    side_view_check("bilateral-squat", "clip.mp4").check(late)  # no refusal yet


def test_console_shows_what_was_found_and_how_to_refilm_instead_of_a_table_of_dashes() -> None:
    from io import StringIO

    from rich.console import Console

    from valgus.cli.render import render_analysis

    out = StringIO()
    from valgus.analysis.result import build_result

    render_analysis(
        build_result(analyze_recording(clip(85.0), "bilateral-squat")),
        Console(file=out, width=200),
    )
    text = out.getvalue()
    assert "Per rep and side" not in text
    assert "4 rep(s) found" in text and "no frontal number" in text
    assert "re-film from the front" in text and "Overall: no reading" in text


def test_early_check_does_not_refuse_a_walk_in_side_on_then_facing_the_camera() -> None:
    side, front = clip(85.0), clip(0.0)
    assert side.image is not None and front.image is not None
    assert side.world is not None and front.world is not None
    cut = int(0.7 * side.image.n_frames)  # side-on for the first 70 %, then square to the camera

    def join(a: Keypoints, b: Keypoints) -> Keypoints:
        return replace(
            a,
            positions=np.concatenate([a.positions[:cut], b.positions[cut:]]),
            confidence=np.concatenate([a.confidence[:cut], b.confidence[cut:]]),
        )

    walk_in = replace(
        side, image=join(side.image, front.image), world=join(side.world, front.world)
    )
    side_view_check("bilateral-squat", "clip.mp4").check(walk_in)  # not refused
    with pytest.raises(ViewError):  # while the same clip side-on throughout is
        side_view_check("bilateral-squat", "clip.mp4").check(side)
