import numpy as np

from valgus.keypoints import Keypoints
from valgus.signals.pipeline import condition
from valgus.signals.swaps import apply_swap, repair_swaps
from valgus.skeleton import INDEX

from .synthetic import frontal_squat


def _swap_random(seed: int, share: float):
    pos, conf, t = frontal_squat(seed=seed)
    rng = np.random.default_rng(seed)
    truth = rng.random(len(t)) < share
    # also a run of consecutive swapped frames, like a model stuck on the wrong labels
    truth[60:75] = True
    bad, bad_conf = apply_swap(pos, conf, truth)
    return pos, conf, t, truth, bad, bad_conf


def test_random_swaps_are_all_repaired() -> None:
    for seed in range(5):
        pos, _, _, truth, bad, bad_conf = _swap_random(seed, 0.25)
        rep = repair_swaps(bad, bad_conf)
        assert np.array_equal(rep.swapped, truth), seed
        assert np.allclose(rep.positions, pos)
        assert not rep.trial_flipped


def test_swaps_repaired_with_missing_joints() -> None:
    _, _, _, truth, bad, bad_conf = _swap_random(7, 0.2)
    bad = bad.copy()
    bad[[10, 40, 41, 100], INDEX["left_knee"]] = np.nan
    rep = repair_swaps(bad, bad_conf)
    assert np.array_equal(rep.swapped, truth)


def test_whole_trial_mirrored_labels_are_flipped() -> None:
    pos, conf, t = frontal_squat()
    bad, bad_conf = apply_swap(pos, conf, np.ones(len(t), dtype=bool))
    rep = repair_swaps(bad, bad_conf)
    assert rep.swapped.all() and rep.trial_flipped
    assert np.allclose(rep.positions, pos)


def test_clean_trial_has_no_swaps() -> None:
    pos, conf, _ = frontal_squat()
    assert not repair_swaps(pos, conf).swapped.any()


def test_condition_pipeline_end_to_end() -> None:
    pos, _, t, truth, bad, bad_conf = _swap_random(3, 0.25)
    bad, bad_conf = bad.copy(), bad_conf.copy()
    kept = np.flatnonzero(~truth[:-1] & ~truth[1:])  # frames whose labels were not swapped
    g, c = int(kept[3]), int(kept[10])
    bad[g : g + 2, INDEX["right_knee"]] = np.nan  # short gap -> filled
    bad_conf[c, INDEX["left_ankle"]] = 0.1  # untrusted -> gated, then filled
    kp = Keypoints(bad, bad_conf, t, space="image", units="px")
    out = condition(kp, "squat")
    assert out.swaps_repaired == int(truth.sum())
    assert out.flags.low_confidence.sum() == 1 and out.flags.missing.sum() == 2
    assert out.filled[g : g + 2, INDEX["right_knee"]].all() and out.filled[c, INDEX["left_ankle"]]
    assert out.frames_usable == len(t)
    assert out.frames_trusted == len(t) - 3
    assert out.cutoff_hz == 6.0
    # conditioned knees within a few pixels of the truth (noise 0.5 px, filtered)
    err = np.abs(out.keypoints.positions - pos)[5:-5]
    assert np.nanmax(err) < 3.0
    assert out.summary()["swaps_repaired"] == out.swaps_repaired


def test_whole_body_mirror_is_repaired_hips_and_shoulders_too() -> None:
    """A pose model that loses the facing direction mirrors hips and shoulders with the legs
    (Pose2Sim cam02: all 27 crossed-leg frames had crossed hips). All of it must be undone."""
    from valgus.signals.swaps import UPPER_PAIRS

    pos, conf, t = frontal_squat(seed=3)
    rng = np.random.default_rng(3)
    truth = rng.random(len(t)) < 0.2
    truth[30:45] = True
    bad, bad_conf = apply_swap(pos, conf, truth)
    bad, bad_conf = apply_swap(bad, bad_conf, truth, UPPER_PAIRS)
    rep = repair_swaps(bad, bad_conf)
    assert np.array_equal(rep.swapped, truth)
    assert rep.upper_swapped is not None and np.array_equal(rep.upper_swapped, truth)
    assert np.allclose(rep.positions, pos)


def test_legs_only_swap_leaves_the_hips_alone() -> None:
    _, _, _, _truth, bad, bad_conf = _swap_random(11, 0.2)
    rep = repair_swaps(bad, bad_conf)
    assert rep.upper_swapped is not None and not rep.upper_swapped.any()


def _smoothly_mirrored(n_mirrored: int = 21):
    """A whole-body mirror entered and left gradually, as a tracking pose model does it: the
    labelled joints swing across the body's midline over 6 frames, stay mirrored, swing back."""
    pos, conf, t = frontal_squat(seed=5)
    c = np.ones(len(t))
    a, ramp = 50, 6
    c[a : a + ramp] = np.cos(np.linspace(0, np.pi, ramp))
    c[a + ramp : a + ramp + n_mirrored] = -1.0
    b = a + ramp + n_mirrored
    c[b : b + ramp] = np.cos(np.linspace(np.pi, 0, ramp))
    bad = pos.copy()
    bad[:, :, 0] = 640 + (pos[:, :, 0] - 640) * c[:, None]
    return pos, conf, bad, c


def test_a_smooth_whole_body_mirror_is_repaired() -> None:
    """No jump marks the mirrored frames, and every leg stays on its own (mirrored) hip's side:
    only the hips running across the image the other way give them away."""
    from valgus.signals.config import signals_params
    from valgus.signals.swaps import mirrored_frames

    pos, conf, bad, c = _smoothly_mirrored()
    assert np.array_equal(mirrored_frames(bad, 30), c < 0)
    rep = repair_swaps(bad, conf, fps=30.0)
    assert np.array_equal(rep.swapped, c < 0)
    assert rep.upper_swapped is not None and np.array_equal(rep.upper_swapped, c < 0)
    inside = c == -1.0
    assert np.allclose(rep.positions[inside], pos[inside], atol=3.0)  # noise mirrored: 2 x 0.5 px
    # without the whole-body cue (or without a frame rate) the same frames stay mirrored
    params = signals_params()
    off = params.model_copy(
        update={"swaps": params.swaps.model_copy(update={"whole_body_mirror": False})}
    )
    assert not repair_swaps(bad, conf, params=off, fps=30.0).swapped[inside].any()
    assert not repair_swaps(bad, conf).swapped[inside].any()


def test_a_person_who_really_turns_round_is_not_relabelled() -> None:
    """A real turn looks like a mirror in 2-D but lasts: longer than whole_body_mirror_max_s
    (1 s), or up to the clip's end or from its start, it is left alone."""
    from valgus.signals.swaps import mirrored_frames

    # mirrored for 40 frames (1.33 s at 30 fps) between usual frames: a turn, not a mirror
    _, conf, bad, _ = _smoothly_mirrored(n_mirrored=40)
    assert not mirrored_frames(bad, 30).any()
    assert not repair_swaps(bad, conf, fps=30.0).swapped.any()
    # turned away from frame 90 to the end; turned away for the first 87 frames, then facing
    pos, conf, _ = frontal_squat(seed=5)
    for turned in (np.arange(len(pos)) >= 90, np.arange(len(pos)) < 87):
        away = pos.copy()
        away[turned, :, 0] = 1280 - pos[turned, :, 0]
        assert not mirrored_frames(away, 30).any()
        assert not repair_swaps(away, conf, fps=30.0).swapped.any()
