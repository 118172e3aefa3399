"""Metrics of one rep (or landing) and side, each taken at a named event.

Events:
- ``peak_knee_flexion``: the frame of greatest knee flexion of that side within the rep (from 3-D
  data), or the rep's deepest pelvis position when there is no 3-D data.
- ``descent_45_60``: the median over the trusted descent frames with knee flexion 45-60°
  (``descent_mid_depth``, 40-60 % of the rep's pelvis drop, when there is no knee flexion).
- ``rep_max``: the maximum over the rep's trusted frames.
- ``initial_contact``: first ground contact of a landing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from valgus.keypoints import FloatArray
from valgus.metrics.frames import REASON_TEXT, FrameMetrics, Untrusted
from valgus.skeleton import SIDES, Side

DESCENT_FLEXION_DEG = (45.0, 60.0)  # descent window named in issue #2 / Bell 2013 MKD phases [R55a]
DESCENT_DEPTH_FRACTION = (0.4, 0.6)  # fallback window when knee flexion is unknown (documented)


class RepLike(Protocol):
    """What a rep or landing from :mod:`valgus.events` offers (frame indices)."""

    @property
    def start(self) -> int: ...
    @property
    def deepest(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True)
class MetricValue:
    value: float | None
    unit: str
    event: str
    time_s: float | None
    reason: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "value": None if self.value is None else round(float(self.value), 4),
            "unit": self.unit,
            "event": self.event,
            "time_s": None if self.time_s is None else round(float(self.time_s), 4),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class RepMetrics:
    side: Side
    start: int
    deepest: int
    end: int
    peak: int  # frame of peak knee flexion (or deepest)
    initial_contact: int | None
    values: dict[str, MetricValue] = field(default_factory=dict)
    trusted_fraction: float = 0.0

    def value(self, name: str) -> float | None:
        metric = self.values.get(name)
        return None if metric is None else metric.value


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _at(
    fm: FrameMetrics,
    series: FloatArray,
    frame: int,
    s: int,
    unit: str,
    event: str,
    *,
    needs_trust: bool,
) -> MetricValue:
    time = float(fm.times[frame])
    if needs_trust and fm.untrusted[frame, s] != Untrusted.OK:
        return MetricValue(None, unit, event, time, REASON_TEXT[Untrusted(fm.untrusted[frame, s])])
    value = series[frame, s] if series.ndim == 2 else series[frame]
    if not np.isfinite(value):
        return MetricValue(None, unit, event, time, "landmarks missing at this event")
    return MetricValue(float(value), unit, event, time)


def _window_median(
    fm: FrameMetrics,
    series: FloatArray,
    frames: np.ndarray,
    s: int,
    unit: str,
    event: str,
    *,
    needs_trust: bool,
) -> MetricValue:
    if frames.size == 0:
        return MetricValue(None, unit, event, None, "the rep never passed through this window")
    vals = series[frames, s] if series.ndim == 2 else series[frames]
    ok = np.isfinite(vals)
    if needs_trust:
        ok &= fm.untrusted[frames, s] == Untrusted.OK
    if not ok.any():
        reasons = fm.untrusted[frames, s]
        worst = Untrusted(int(np.bincount(reasons, minlength=len(Untrusted))[1:].argmax()) + 1)
        return MetricValue(None, unit, event, float(fm.times[frames[0]]), REASON_TEXT[worst])
    mid = frames[ok][ok.sum() // 2]
    return MetricValue(float(np.median(vals[ok])), unit, event, float(fm.times[mid]))


def descent_frames(fm: FrameMetrics, rep: RepLike, peak: int, s: int) -> tuple[np.ndarray, str]:
    """Frames of the descent window and its event name."""
    idx = np.arange(rep.start, peak + 1)
    flex = fm.knee_flexion[idx, s]
    if np.isfinite(flex).sum() >= max(3, idx.size // 3):
        lo, hi = DESCENT_FLEXION_DEG
        return idx[(flex >= lo) & (flex <= hi)], "descent_45_60"
    depth = fm.depth[idx]
    top, bottom = np.nanmax(depth) if np.isfinite(depth).any() else np.nan, fm.depth[rep.deepest]
    frac = (
        (top - depth) / (top - bottom)
        if np.isfinite(top - bottom) and top > bottom
        else depth * np.nan
    )
    lo, hi = DESCENT_DEPTH_FRACTION
    return idx[(frac >= lo) & (frac <= hi)], "descent_mid_depth"


def peak_flexion_frame(fm: FrameMetrics, rep: RepLike, s: int) -> int:
    flex = fm.knee_flexion[rep.start : rep.end + 1, s]
    if np.isfinite(flex).sum() >= max(3, flex.size // 3):
        return rep.start + int(np.nanargmax(flex))
    return rep.deepest


def rep_metrics(
    fm: FrameMetrics,
    rep: RepLike,
    side: Side,
    *,
    bilateral: bool,
    static_medial_knee: FloatArray | None = None,
    initial_contact: int | None = None,
) -> RepMetrics:
    """Every metric of one rep and side (see the module docstring for the events)."""
    s = SIDES.index(side)
    peak = peak_flexion_frame(fm, rep, s)
    window, window_event = descent_frames(fm, rep, peak, s)
    rng = np.arange(rep.start, rep.end + 1)
    trusted = fm.untrusted[rng, s] == Untrusted.OK
    v: dict[str, MetricValue] = {}
    pk = "peak_knee_flexion"
    v["fppa_deg"] = _at(fm, fm.fppa, peak, s, "deg", pk, needs_trust=True)
    v["fppa_descent_deg"] = _window_median(
        fm, fm.fppa, window, s, "deg", window_event, needs_trust=True
    )
    if trusted.any():
        vals = np.where(trusted, fm.fppa[rng, s], -np.inf)
        i = int(np.argmax(vals))
        v["fppa_max_deg"] = MetricValue(float(vals[i]), "deg", "rep_max", float(fm.times[rng[i]]))
    else:
        v["fppa_max_deg"] = MetricValue(None, "deg", "rep_max", None, "no trusted frame in the rep")
    if initial_contact is not None:
        v["fppa_ic_deg"] = _at(
            fm, fm.fppa, initial_contact, s, "deg", "initial_contact", needs_trust=True
        )
    v["knee_over_foot"] = _at(fm, fm.knee_over_foot, peak, s, "leg_length", pk, needs_trust=False)
    v["knee_over_foot_descent"] = _window_median(
        fm, fm.knee_over_foot, window, s, "leg_length", window_event, needs_trust=False
    )
    ref_frame = rep.start
    reference = (
        static_medial_knee[s]
        if static_medial_knee is not None and np.isfinite(static_medial_knee[s])
        else fm.medial_knee[ref_frame, s]
    )
    mkd = float(fm.medial_knee[peak, s] - reference)
    v["mkd"] = MetricValue(
        mkd if np.isfinite(mkd) else None,
        "leg_length",
        pk,
        float(fm.times[peak]),
        None if np.isfinite(mkd) else "landmarks missing at this event",
    )
    if bilateral:
        v["kasr"] = _at(fm, fm.kasr, peak, s, "ratio", pk, needs_trust=False)
        v["khr"] = _at(fm, fm.khr, peak, s, "ratio", pk, needs_trust=False)
    # Hip adduction uses the same thigh line as the FPPA: a foreshortened thigh voids both.
    v["hip_adduction_deg"] = _at(fm, fm.hip_adduction, peak, s, "deg", pk, needs_trust=True)
    v["pelvic_drop_deg"] = _at(fm, fm.pelvic_drop, peak, s, "deg", pk, needs_trust=False)
    v["trunk_lean_deg"] = _at(fm, fm.trunk_lean, peak, s, "deg", pk, needs_trust=False)
    v["knee_flexion_deg"] = _at(fm, fm.knee_flexion, peak, s, "deg", pk, needs_trust=False)
    return RepMetrics(
        side=side,
        start=rep.start,
        deepest=rep.deepest,
        end=rep.end,
        peak=peak,
        initial_contact=initial_contact,
        values=v,
        trusted_fraction=float(trusted.mean()) if rng.size else 0.0,
    )
