import numpy as np

from valgus.events.landings import detect_landings, first_landing
from valgus.events.standing import detect_standing, leg_speed
from valgus.skeleton import INDEX, JOINTS

FPS = 100.0
G = 9.81


def _box_drop(seed: int = 0):
    """Stand on a 0.3 m box, drop (ballistic), land at frame IC, squat down, jump, land again.

    Returns foot heights (T, 2) (heel and toe, metres, ground 0.05 / 0.03), pelvis (T,), times, IC.
    """
    t = np.arange(0, 3.0, 1 / FPS)
    box, leg = 0.30, 0.9
    t0 = 0.8  # leaves the box edge (no upward push)
    fall = np.sqrt(2 * box / G)  # 0.247 s
    ic = int(np.ceil((t0 + fall) * FPS))
    foot = np.where(t < t0, box, np.maximum(box - 0.5 * G * (t - t0) ** 2, 0.0))
    # jump again at 2.2 s: 0.4 s of flight
    up = (t >= 2.2) & (t < 2.6)
    foot = np.where(up, 2.0 * (t - 2.2) - 0.5 * G * (t - 2.2) ** 2, foot)
    foot = np.maximum(foot, 0.0)
    pelvis = foot + leg
    after = (t >= t[ic]) & (t < 2.2)
    dip = 0.3 * np.sin(np.pi * (t - t[ic]) / (2.2 - t[ic]))
    pelvis = np.where(after, leg - dip, pelvis)
    rng = np.random.default_rng(seed)
    feet = np.stack([foot + 0.05, foot + 0.03], axis=1) + rng.normal(0, 0.002, (len(t), 2))
    return feet, pelvis, t, ic, leg


def test_box_drop_initial_contact_within_one_frame() -> None:
    feet, pelvis, t, ic, leg = _box_drop()
    landings = detect_landings(feet, pelvis, t, leg)
    assert len(landings) == 2
    first = landings[0]
    assert abs(first.initial_contact - ic) <= 1
    expected_deepest = ic + round((2.2 - t[ic]) / 2 * FPS)
    assert abs(first.deepest - expected_deepest) <= 2
    assert first.takeoff is not None and abs(first.takeoff - 220) <= 2
    assert first.complete
    assert first.apex < first.initial_contact
    assert first_landing(feet, pelvis, t, leg) == first
    second = landings[1]
    assert abs(second.initial_contact - 260) <= 1


def test_missing_foot_frames_and_standing_only() -> None:
    feet, pelvis, t, ic, leg = _box_drop(1)
    feet[ic - 3 : ic + 2, 0] = np.nan  # heel lost around contact: the toe still decides
    assert abs(detect_landings(feet, pelvis, t, leg)[0].initial_contact - ic) <= 1
    flat = np.full((200, 2), 0.05) + np.random.default_rng(0).normal(0, 0.002, (200, 2))
    assert detect_landings(flat, np.full(200, 0.9), np.arange(200) / FPS, 0.9) == []


def test_standing_window_longest_and_first() -> None:
    fps = 30.0
    t = np.arange(0, 12, 1 / fps)
    h = np.ones_like(t)
    moving = ((t > 2) & (t < 5)) | ((t > 6.5) & (t < 9))
    h[moving] = 1 - 0.3 * np.sin(np.pi * ((t[moving] - 2) % 3) / 2.5).clip(0)
    pos = np.zeros((len(t), len(JOINTS), 2))
    pos[:, INDEX["left_knee"], 1] = h  # the knee moves with the pelvis
    speed = leg_speed(pos, t, leg_length=1.0)
    longest = detect_standing(h, speed, t)
    first = detect_standing(h, speed, t, which="first")
    assert longest is not None and first is not None
    assert abs(longest.t_start - 9.0) < 0.2 and abs(longest.t_end - t[-1]) < 0.05
    assert first.start == 0 and abs(first.t_end - 2.0) < 0.2
    assert detect_standing(h, speed + 1.0, t) is None  # never still
