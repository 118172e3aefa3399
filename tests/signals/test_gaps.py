import numpy as np

from valgus.signals.gaps import fill_gaps, fill_positions

T = np.arange(0, 4, 1 / 30.0)


def test_short_gap_filled_long_gap_and_ends_kept() -> None:
    x = np.sin(2 * np.pi * 0.5 * T)
    y = x.copy()
    y[10:13] = np.nan  # 3 frames = 0.1 s -> filled
    y[40:50] = np.nan  # 10 frames -> kept
    y[:2] = np.nan  # leading NaN -> never extrapolated
    filled, mask = fill_gaps(y, T, max_gap_s=0.1)
    assert mask[10:13].all() and mask.sum() == 3
    assert np.max(np.abs(filled[10:13] - x[10:13])) < 5e-3
    assert np.isnan(filled[40:50]).all() and np.isnan(filled[:2]).all()


def test_positions_mask_is_per_joint() -> None:
    pos = np.random.default_rng(0).standard_normal((len(T), 13, 2)).cumsum(axis=0) * 0.01
    pos[20:22, 5, :] = np.nan
    pos[60:90, 6, :] = np.nan
    filled, mask = fill_positions(pos, T)
    assert mask.shape == (len(T), 13)
    assert mask[20:22, 5].all() and mask.sum() == 2
    assert np.isfinite(filled[20:22, 5]).all() and np.isnan(filled[60:90, 6]).all()
