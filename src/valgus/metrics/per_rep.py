"""Metrics of each rep (or landing) and side, each taken at a named event.

Events (frames from :mod:`valgus.metrics.rep_events`):
- ``peak_knee_flexion``: the frame of greatest knee flexion of that side within the rep (from 3-D
  data), or the rep's deepest pelvis position when there is no 3-D data.
- ``descent_45_60``: the median over the trusted descent frames with knee flexion 45-60°
  (``descent_mid_depth``, 40-60 % of the rep's pelvis drop, when there is no knee flexion).
- ``rep_max``: the maximum over the rep's trusted frames with the knee bent (knee flexion >= 30°;
  without knee flexion, the pelvis dropped >= 30 % of the rep's drop).
- ``initial_contact``: first ground contact of a landing.

All rep-sides of a trial are measured together (vectorised over reps); :func:`rep_metrics` is the
one-rep form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

import numpy as np

from valgus.keypoints import FloatArray
from valgus.metrics import segments
from valgus.metrics.frames import REASON_TEXT, FrameMetrics, Untrusted
from valgus.metrics.rep_events import (
    DESCENT_DEPTH_FRACTION,
    DESCENT_FLEXION_DEG,
    DescentWindows,
    RepFrames,
    descent_windows,
    flexed_frames,
    peak_frames,
)
from valgus.metrics.segments import IntArray
from valgus.skeleton import SIDES, Side

__all__ = [
    "DESCENT_DEPTH_FRACTION",
    "DESCENT_FLEXION_DEG",
    "MetricValue",
    "RepLike",
    "RepMetrics",
    "rep_metrics",
    "rep_metrics_all",
]

MISSING_AT_EVENT = "landmarks missing at this event"
NEVER_IN_WINDOW = "the rep never passed through this window"
# Reason codes of a reading: 0 none, 1..len(Untrusted)-1 an Untrusted reason, then landmarks
# missing at the event.
_NOT_SEEN = [Untrusted.MISSING, Untrusted.IMPLAUSIBLE, Untrusted.TURNED, Untrusted.SEVERAL_PEOPLE]
_REASONS: list[str | None] = [None] + [REASON_TEXT[u] for u in Untrusted if u] + [MISSING_AT_EVENT]


class RepLike(Protocol):
    """What a rep or landing from :mod:`valgus.events` offers (frame indices)."""

    @property
    def start(self) -> int: ...
    @property
    def deepest(self) -> int: ...
    @property
    def end(self) -> int: ...


class MetricValue(NamedTuple):
    """One metric of one rep-side (a named tuple: tens of thousands are made per long trial)."""

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


def _column(
    values: FloatArray,
    times: list[float | None],
    reasons: IntArray,
    unit: str,
    events: list[str],
) -> list[MetricValue]:
    """One MetricValue per rep-side: value where the reason code is 0, else None and the reason."""
    vals = np.where(reasons == 0, values, np.nan).tolist()
    return [
        MetricValue(None if r else v, unit, e, t, _REASONS[r])
        for v, t, r, e in zip(vals, times, reasons.tolist(), events, strict=True)
    ]


def _series(series: FloatArray, frames: IntArray, side: IntArray) -> FloatArray:
    return series[frames, side] if series.ndim == 2 else series[frames]


def _at(
    fm: FrameMetrics,
    series: FloatArray,
    frames: IntArray,
    side: IntArray,
    unit: str,
    event: str,
    *,
    needs_trust: bool,
) -> list[MetricValue]:
    """The series at one frame per rep-side (untrusted or missing there: None and why)."""
    vals = _series(series, frames, side)
    reasons = np.where(np.isfinite(vals), 0, len(_REASONS) - 1)
    if needs_trust:
        why = fm.untrusted[frames, side].astype(np.intp)
        reasons = np.where(why != Untrusted.OK, why, reasons)
    times = fm.times[frames].tolist()
    return _column(vals, times, reasons, unit, [event] * frames.size)


def _window_median(
    fm: FrameMetrics,
    series: FloatArray,
    dw: DescentWindows,
    side: IntArray,
    unit: str,
    *,
    needs_trust: bool,
) -> list[MetricValue]:
    """Median over each rep-side's descent window of its usable (finite, trusted) frames."""
    span = dw.span
    n = span.offsets.size
    events = [dw.event(i) for i in range(n)]
    if span.frames.size == 0:
        return []
    frames, s = span.frames, side[span.window]
    vals = _series(series, frames, s)
    why = fm.untrusted[frames, s].astype(np.intp)
    ok = dw.inside & np.isfinite(vals)
    if needs_trust:
        ok &= why == Untrusted.OK
    n_in = segments.count(span, dw.inside)
    n_ok = segments.count(span, ok)
    median = segments.masked_median(span, vals, ok)
    mid = segments.nth_true(span, ok, n_ok // 2)
    first = segments.nth_true(span, dw.inside, np.zeros(n, dtype=np.intp))
    # The commonest reason (lowest code on ties) among the window's frames, when none is usable.
    tally = np.bincount(
        span.window[dw.inside] * len(Untrusted) + why[dw.inside], minlength=n * len(Untrusted)
    ).reshape(n, len(Untrusted))
    worst = tally[:, 1:].argmax(axis=1) + 1
    reasons = np.where(n_ok > 0, 0, worst)
    time = np.where(n_ok > 0, fm.times[frames[mid]], fm.times[frames[first]]).tolist()
    out = _column(median, time, reasons, unit, events)
    for i in np.flatnonzero(n_in == 0).tolist():
        out[i] = MetricValue(None, unit, events[i], None, NEVER_IN_WINDOW)
    return out


def _rep_max(
    fm: FrameMetrics, rf: RepFrames, whole: segments.Windows
) -> tuple[list[MetricValue], list[float]]:
    """Maximum FPPA over each rep-side's trusted frames in the flexed part of the rep, and the
    trusted share of all its frames."""
    s = rf.side[whole.window]
    trusted = fm.untrusted[whole.frames, s] == Untrusted.OK
    usable = trusted & flexed_frames(fm, rf, whole)
    vals = np.where(usable, fm.fppa[whole.frames, s], -np.inf)
    top, arg = segments.first_argmax(whole, vals)
    n_usable = segments.count(whole, usable)
    times = fm.times[whole.frames[arg]].tolist()
    out = [
        MetricValue(v, "deg", "rep_max", t)
        if k
        else MetricValue(None, "deg", "rep_max", None, "no trusted frame with the knee bent")
        for v, t, k in zip(top.tolist(), times, n_usable.tolist(), strict=True)
    ]
    return out, (segments.count(whole, trusted) / whole.sizes).tolist()


def _mkd(
    fm: FrameMetrics, rf: RepFrames, peak: IntArray, static_medial_knee: FloatArray | None
) -> list[MetricValue]:
    """Medial knee displacement: peak minus quiet standing (else the rep's start)."""
    ref = fm.medial_knee[rf.start, rf.side]
    if static_medial_knee is not None:
        static = np.asarray(static_medial_knee, dtype=np.float64)[rf.side]
        ref = np.where(np.isfinite(static), static, ref)
    mkd = fm.medial_knee[peak, rf.side] - ref
    reasons = np.where(np.isfinite(mkd), 0, len(_REASONS) - 1)
    pk = "peak_knee_flexion"
    return _column(mkd, fm.times[peak].tolist(), reasons, "leg_length", [pk] * peak.size)


def rep_metrics_all(
    fm: FrameMetrics,
    reps: Sequence[RepLike],
    sides: Sequence[Side],
    *,
    bilateral: bool,
    static_medial_knee: FloatArray | None = None,
    initial_contacts: Sequence[int | None] | None = None,
) -> list[RepMetrics]:
    """Every metric of every (rep, side) pair (see the module docstring for the events)."""
    n = len(reps)
    if n == 0:
        return []
    rf = RepFrames(
        start=np.array([r.start for r in reps], dtype=np.intp),
        deepest=np.array([r.deepest for r in reps], dtype=np.intp),
        end=np.array([r.end for r in reps], dtype=np.intp),
        side=np.array([SIDES.index(s) for s in sides], dtype=np.intp),
    )
    ics = list(initial_contacts) if initial_contacts is not None else [None] * n
    whole = rf.whole
    peak = peak_frames(fm, rf, whole)
    dw = descent_windows(fm, rf, peak)
    s, pk = rf.side, "peak_knee_flexion"
    cols: dict[str, Sequence[MetricValue | None]] = {}
    cols["fppa_deg"] = _at(fm, fm.fppa, peak, s, "deg", pk, needs_trust=True)
    cols["fppa_descent_deg"] = _window_median(fm, fm.fppa, dw, s, "deg", needs_trust=True)
    cols["fppa_max_deg"], trusted_fraction = _rep_max(fm, rf, whole)
    with_ic = [i for i, ic in enumerate(ics) if ic is not None]
    if with_ic:  # landings: the FPPA at initial contact (None for the rep-sides without one)
        frames = np.array([ics[i] for i in with_ic], dtype=np.intp)
        found = _at(fm, fm.fppa, frames, s[with_ic], "deg", "initial_contact", needs_trust=True)
        at_ic: list[MetricValue | None] = [None] * n
        for i, mv in zip(with_ic, found, strict=True):
            at_ic[i] = mv
        cols["fppa_ic_deg"] = at_ic
    kof = fm.knee_over_foot
    cols["knee_over_foot"] = _at(fm, kof, peak, s, "leg_length", pk, needs_trust=False)
    # Knee-over-foot needs the knee and the toe seen, not a frontal thigh: frames whose landmarks
    # were missing, implausible, turned away or perhaps someone else's are left out of the window.
    kof_seen = np.where(np.isin(fm.untrusted, _NOT_SEEN), np.nan, kof)
    cols["knee_over_foot_descent"] = _window_median(
        fm, kof_seen, dw, s, "leg_length", needs_trust=False
    )
    cols["mkd"] = _mkd(fm, rf, peak, static_medial_knee)
    if bilateral:
        cols["kasr"] = _at(fm, fm.kasr, peak, s, "ratio", pk, needs_trust=False)
        cols["khr"] = _at(fm, fm.khr, peak, s, "ratio", pk, needs_trust=False)
    # Hip adduction uses the same thigh line as the FPPA: a foreshortened thigh voids both.
    cols["hip_adduction_deg"] = _at(fm, fm.hip_adduction, peak, s, "deg", pk, needs_trust=True)
    cols["pelvic_drop_deg"] = _at(fm, fm.pelvic_drop, peak, s, "deg", pk, needs_trust=False)
    cols["trunk_lean_deg"] = _at(fm, fm.trunk_lean, peak, s, "deg", pk, needs_trust=False)
    cols["knee_flexion_deg"] = _at(fm, fm.knee_flexion, peak, s, "deg", pk, needs_trust=False)
    names = list(cols)
    peaks = peak.tolist()
    out = []
    for i, row in enumerate(zip(*cols.values(), strict=True)):
        rep = reps[i]
        out.append(
            RepMetrics(
                side=sides[i],
                start=rep.start,
                deepest=rep.deepest,
                end=rep.end,
                peak=peaks[i],
                initial_contact=ics[i],
                values={k: v for k, v in zip(names, row, strict=True) if v is not None},
                trusted_fraction=trusted_fraction[i],
            )
        )
    return out


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
    return rep_metrics_all(
        fm,
        [rep],
        [side],
        bilateral=bilateral,
        static_medial_knee=static_medial_knee,
        initial_contacts=[initial_contact],
    )[0]
