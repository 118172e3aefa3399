import numpy as np

from valgus.signals.gating import gate
from valgus.skeleton import INDEX

from .synthetic import frontal_squat


def test_reasons_are_reported_per_joint_and_frame() -> None:
    pos, conf, t = frontal_squat()
    pos, conf = pos.copy(), conf.copy()
    lk, ra, lh = INDEX["left_knee"], INDEX["right_ankle"], INDEX["left_hip"]
    conf[30, lk] = 0.1  # low confidence
    pos[50, lk] += [250.0, 0.0]  # knee far out sideways: thigh and shank too long -> knee blamed
    pos[70, ra] += [40.0, 0.0]  # one-frame spike of the ankle (shank length stays plausible-ish)
    pos[90, lh] = np.nan
    g = gate(pos, conf, t, image_space=True)
    f = g.flags
    assert f.low_confidence[30, lk] and f.low_confidence.sum() == 1
    assert f.implausible_length[50, lk]
    assert f.jump[70, ra]
    assert f.missing[90, lh] and f.missing.sum() == 1
    assert np.isnan(g.positions[[30, 50, 70], [lk, lk, ra]]).all()
    assert f.untrusted.sum() == 4
    assert f.trusted_frames().sum() == len(t) - 4


def test_clean_trial_is_fully_trusted() -> None:
    pos, conf, t = frontal_squat()
    g = gate(pos, conf, t, image_space=True)
    assert not g.flags.untrusted.any()
