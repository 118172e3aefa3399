"""NaN-aware zero-lag Butterworth low-pass filtering.

A 2nd-order Butterworth is run forward and backward (``scipy.signal.sosfiltfilt``): 4th-order
amplitude response, zero phase lag [W09]. With ``winter_pass_correction`` the design cut-off is
divided by Winter's correction factor C = (2**(1/passes) - 1) ** (1 / (2 * order)) (0.802 for two
passes of a 2nd-order filter) so the -3 dB point of the whole forward-backward filter sits at the
nominal cut-off [W09].

NaN handling: each column (joint x axis) is filtered separately on every contiguous run of finite
samples; NaN stays NaN. Runs shorter than ``min_run_frames`` stay unfiltered. Runs shorter than
scipy's default padding (3 * (2 * n_sections + 1) samples) are filtered with a shorter pad
(``len(run) - 1``), which is accurate in the middle of the run but less so at its ends.
"""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import NDArray
from scipy.signal import butter, sosfiltfilt

from valgus.keypoints import FloatArray
from valgus.settings.signals import SignalsFile
from valgus.signals.config import signals_params
from valgus.signals.runs import true_runs


class CutoffClampedWarning(UserWarning):
    """The requested cut-off was too close to the Nyquist frequency and was lowered."""


def sample_rate(times: FloatArray) -> float:
    """Frame rate (Hz) from the median time step (robust to jitter)."""
    if len(times) < 2:
        raise ValueError("at least two time stamps are needed for a sample rate")
    dt = float(np.median(np.diff(times)))
    if not dt > 0:
        raise ValueError("time stamps must increase")
    return 1.0 / dt


def cutoff_key(task_id: str, family: str, params: SignalsFile | None = None) -> str:
    """The ``signals.yaml`` cut-off entry of a task: its own (``single-leg-squat`` ->
    ``single_leg_squat``) when it has one, else its family's."""
    table = (params or signals_params()).filter.cutoff_hz
    own = task_id.replace("-", "_")
    return own if own in table else family


def cutoff_for(key: str, params: SignalsFile | None = None) -> float:
    """Nominal cut-off (Hz) of a ``cutoff_hz`` entry (task or family; ``default`` when unknown)."""
    table = (params or signals_params()).filter.cutoff_hz
    return float(table.get(key, table["default"]))


def pass_correction(order_per_pass: int, passes: int = 2) -> float:
    """Winter's correction factor C for a Butterworth run ``passes`` times [W09]."""
    return float((2.0 ** (1.0 / passes) - 1.0) ** (1.0 / (2 * order_per_pass)))


def design(
    cutoff_hz: float, fs: float, params: SignalsFile | None = None
) -> tuple[NDArray[np.float64], float]:
    """Second-order sections for the forward pass, and the nominal cut-off actually used.

    The cut-off is clamped (with a ``CutoffClampedWarning``) so that the design frequency stays
    below ``max_fraction_of_nyquist`` of fs / 2.
    """
    cfg = (params or signals_params()).filter
    order = int(cfg.order_per_pass)
    corr = pass_correction(order) if cfg.winter_pass_correction else 1.0
    limit = float(cfg.max_fraction_of_nyquist) * fs / 2.0
    nominal = float(cutoff_hz)
    if nominal / corr > limit:
        clamped = limit * corr
        warnings.warn(
            f"at {fs:.3g} fps the smoothing filter can keep motion up to {clamped:.3g} Hz, not "
            f"the {nominal:g} Hz this movement calls for: film fast movements such as landings "
            "at 60 fps or more",
            CutoffClampedWarning,
            stacklevel=2,
        )
        nominal = clamped
    sos = butter(order, nominal / corr, btype="low", fs=fs, output="sos")
    return np.asarray(sos, dtype=np.float64), nominal


def _default_padlen(sos: FloatArray) -> int:
    n_sections = sos.shape[0]
    return 3 * (2 * n_sections + 1)


def filter_runs(x: FloatArray, sos: FloatArray, min_run_frames: int) -> FloatArray:
    """Apply ``sosfiltfilt`` along axis 0 on every finite run of every column of ``x``.

    The columns without gaps are filtered together in one call along the time axis.
    """
    arr = np.asarray(x, dtype=np.float64)
    flat = arr.reshape(arr.shape[0], -1)
    t = flat.shape[0]
    pad_default = _default_padlen(sos)
    finite = np.isfinite(flat)
    full = finite.all(axis=0)
    whole = full.any() and t >= max(min_run_frames, 2)
    if whole and full.all():
        out = np.asarray(sosfiltfilt(sos, flat, axis=0, padlen=min(pad_default, t - 1)))
        return out.reshape(arr.shape)
    out = flat.copy()
    if whole:
        out[:, full] = sosfiltfilt(sos, flat[:, full], axis=0, padlen=min(pad_default, t - 1))
    for c in np.flatnonzero(~full):
        starts, stops = true_runs(finite[:, c])
        for a, b in zip(starts, stops, strict=True):
            n = int(b - a)
            if n < min_run_frames or n < 2:
                continue
            out[a:b, c] = sosfiltfilt(sos, flat[a:b, c], padlen=min(pad_default, n - 1))
    return out.reshape(arr.shape)


def lowpass(
    x: FloatArray,
    times: FloatArray,
    cutoff_hz: float,
    params: SignalsFile | None = None,
) -> tuple[FloatArray, float]:
    """Zero-lag low-pass of ``x`` (time on axis 0); returns (filtered, cut-off used)."""
    cfg = params or signals_params()
    fs = sample_rate(np.asarray(times, dtype=np.float64))
    sos, used = design(cutoff_hz, fs, cfg)
    return filter_runs(x, sos, int(cfg.filter.min_run_frames)), used


def lowpass_task(
    x: FloatArray, times: FloatArray, cutoff: str, params: SignalsFile | None = None
) -> tuple[FloatArray, float]:
    """``lowpass`` with the task family's cut-off from ``signals.yaml``."""
    cfg = params or signals_params()
    return lowpass(x, times, cutoff_for(cutoff, cfg), cfg)
