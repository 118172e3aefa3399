"""BlazePose -> canonical joint map and the choice of the main person."""

from __future__ import annotations

import numpy as np

from valgus.pose.landmarks import BLAZEPOSE_TO_CANONICAL, to_canonical
from valgus.pose.person import choose_main
from valgus.skeleton import INDEX, JOINTS


def test_blazepose_indices() -> None:
    expected = [0, 11, 12, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32]
    assert BLAZEPOSE_TO_CANONICAL.tolist() == expected
    raw = np.arange(33 * 2, dtype=np.float64).reshape(33, 2)
    mapped = to_canonical(raw)
    assert mapped.shape == (len(JOINTS), 2)
    assert mapped[INDEX["left_knee"]].tolist() == [50.0, 51.0]  # BlazePose 25
    assert mapped[INDEX["right_toe"]].tolist() == [64.0, 65.0]  # BlazePose 32 (foot index)


def _person(x: float, y_hip: float, leg: float, width: float) -> np.ndarray:
    points = np.full((len(JOINTS), 2), np.nan)
    for side, dx in (("left", width / 2), ("right", -width / 2)):
        points[INDEX[f"{side}_hip"]] = (x + dx, y_hip)
        points[INDEX[f"{side}_knee"]] = (x + dx, y_hip + leg / 2)
        points[INDEX[f"{side}_ankle"]] = (x + dx, y_hip + leg)
    return points


def test_largest_legs_win_without_history() -> None:
    small = _person(100, 300, 100, 30)  # a bystander far away
    big = _person(600, 300, 400, 120)
    assert choose_main(np.stack([small, big]), None) == 1
    assert choose_main(np.stack([big, small]), None) == 0
    assert choose_main(big[None], None) == 0


def test_tracking_keeps_the_previous_person() -> None:
    athlete = _person(600, 300, 300, 100)
    coach = _person(300, 250, 420, 140)  # walks in closer to the camera (bigger)
    previous = _person(605, 302, 300, 100)
    assert choose_main(np.stack([coach, athlete]), previous) == 1
    # previous person gone far away: fall back to the largest legs
    assert choose_main(np.stack([coach, athlete]), _person(2000, 300, 300, 100)) == 0
