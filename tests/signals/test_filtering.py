import warnings

import numpy as np
import pytest

from valgus.signals.filtering import CutoffClampedWarning, cutoff_for, lowpass, pass_correction

FS = 100.0
T = np.arange(0, 10, 1 / FS)


def _amp(x: np.ndarray) -> float:
    core = x[200:-200]
    return float((core.max() - core.min()) / 2)


def test_cutoffs_come_from_yaml() -> None:
    assert cutoff_for("squat") == 6.0
    assert cutoff_for("landing") == 12.0
    assert cutoff_for("unknown-task") == 6.0


def test_winter_correction_factor() -> None:
    assert pass_correction(2, 2) == pytest.approx(0.802, abs=1e-3)


def test_sine_below_cutoff_preserved_within_1_percent() -> None:
    x = np.sin(2 * np.pi * 1.0 * T)
    y, used = lowpass(x, T, 6.0)
    assert used == 6.0
    assert _amp(y) == pytest.approx(1.0, rel=0.01)
    # zero lag: peak positions unchanged
    assert np.argmax(y[100:200]) == np.argmax(x[100:200])


def test_sine_at_cutoff_is_minus_3db_and_above_is_attenuated() -> None:
    at = lowpass(np.sin(2 * np.pi * 6.0 * T), T, 6.0)[0]
    assert _amp(at) == pytest.approx(1 / np.sqrt(2), abs=0.02)
    above = lowpass(np.sin(2 * np.pi * 20.0 * T), T, 6.0)[0]
    assert _amp(above) < 0.02


def test_nan_runs_filtered_separately_and_kept_nan() -> None:
    x = np.sin(2 * np.pi * 1.0 * T) + 0.05 * np.random.default_rng(0).standard_normal(len(T))
    x[400:450] = np.nan
    x[600:603] = 5.0  # a short run between NaNs stays unfiltered
    x[597:600] = np.nan
    x[603:606] = np.nan
    y, _ = lowpass(np.stack([x, x], axis=1), T, 6.0)
    assert np.isnan(y[400:450]).all() and np.isnan(y[597:600, 0]).all()
    assert np.all(y[600:603, 0] == 5.0)
    assert np.isfinite(y[:400]).all()
    assert np.std(y[100:350, 0] - np.sin(2 * np.pi * T[100:350])) < 0.02


def test_low_fps_clamps_and_warns() -> None:
    t = np.arange(0, 5, 1 / 15.0)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        y, used = lowpass(np.sin(2 * np.pi * 0.5 * t), t, 12.0)
    assert any(issubclass(w.category, CutoffClampedWarning) for w in rec)
    assert used < 7.5 * 0.8 + 1e-9
    assert np.isfinite(y).all()


def test_jittered_times_are_accepted() -> None:
    rng = np.random.default_rng(1)
    t = T + rng.uniform(-0.001, 0.001, len(T))
    y, _ = lowpass(np.sin(2 * np.pi * t), t, 6.0)
    assert _amp(y) == pytest.approx(1.0, rel=0.01)
