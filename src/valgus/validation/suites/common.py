"""Small shared pieces of the validation suites: rep lookup and matching."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from valgus.analysis.result import Analysis, RepResult
from valgus.keypoints import Recording


def rep_values(analysis: Analysis, side: str, name: str = "fppa_deg") -> list[float]:
    """One metric per rep for a side (NaN where the rep has no value)."""
    out = []
    for r in analysis.reps:
        if r.side == side:
            v = r.metrics.value(name)
            out.append(float("nan") if v is None else float(v))
    return out


def rep_indices(analysis: Analysis) -> list[int]:
    return sorted({r.index for r in analysis.reps})


def reps_of_side(analysis: Analysis, side: str) -> list[RepResult]:
    return [r for r in analysis.reps if r.side == side]


def match_nearest(found: list[float], truth: list[float], tolerance: float) -> list[int | None]:
    """For each truth time, the index of the nearest found time within ``tolerance`` (or None)."""
    out: list[int | None] = []
    f = np.asarray(found, dtype=float)
    for t in truth:
        if f.size == 0:
            out.append(None)
            continue
        i = int(np.argmin(np.abs(f - t)))
        out.append(i if abs(f[i] - t) <= tolerance else None)
    return out


def missing(path: Path) -> str | None:
    """A skip reason when a data file or folder is absent."""
    return None if path.exists() else f"{path} is absent"


_RECORDINGS: dict[tuple[str, str | None], Recording] = {}


def cached_recording(path: Path, crop: str | None = None) -> Recording:
    """``load_recording`` once per (path, crop) per validate.py run: pose estimation is the slow
    part, and several suites read the same clips."""
    from valgus.analysis.load import load_recording

    key = (str(path), crop)
    if key not in _RECORDINGS:
        _RECORDINGS[key] = load_recording(path, crop=crop)
    return _RECORDINGS[key]
