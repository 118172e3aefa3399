"""Landing events from foot and pelvis heights (drop jumps, drop landings, jump-landings).

Inputs: ``foot_heights`` (T, F) heights, up positive, of foot points (ankle, heel, toe of both
feet; NaN allowed), ``pelvis_height`` (T,), ``times`` and the standing ``leg_length`` in the same
units (it scales the contact tolerance). Definitions:

- Ground level of each foot point: its ``ground_percentile`` height over the trial (the feet
  spend time on the floor in any landing trial; a box top is higher than that).
- Contact: any foot point within ``contact_tolerance * leg_length`` of its ground level. Frames
  where every foot point is missing keep the previous frame's state.
- Airborne: no contact. Standing on a box counts as airborne, so for a box drop the first contact
  after leaving the box is the landing. An airborne run shorter than ``min_airborne_s`` is ignored.
- Initial contact (IC): after an airborne run, the first contact frame (the lowest foot point
  crosses ground + tolerance) is refined to the first frame, from that crossing on (within
  ``min_contact_s``), at which the lowest foot point's downward speed to the next frame falls below
  ``stop_speed`` leg lengths/s, i.e. the foot has stopped. The contact must last at least
  ``min_contact_s``.
- Apex: the last frame before IC at which the lowest foot point was not descending.
- Deepest: the lowest pelvis between IC and IC + ``deepest_window_s`` (or the next take-off).
  ``complete`` is False when that minimum is at the last frame of the recording.
- Take-off: the first frame of the next airborne run, or None.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from valgus.events.settings import events_params
from valgus.events.types import Landing
from valgus.keypoints import FloatArray
from valgus.settings.events import EventsFile
from valgus.signals.runs import true_runs

BoolArray = NDArray[np.bool_]


def contact_mask(
    foot_heights: FloatArray, tolerance: float, ground_percentile: float
) -> tuple[BoolArray, FloatArray]:
    """(T,) any foot point on the ground, and (T, F) per-point height above its ground level."""
    h = np.asarray(foot_heights, dtype=np.float64)
    if h.ndim == 1:
        h = h[:, None]
    ground = np.nanpercentile(h, ground_percentile, axis=0)
    above = h - ground[None, :]
    with np.errstate(invalid="ignore"):
        on = np.asarray((above <= tolerance).any(axis=1), dtype=bool)
    known = np.asarray(np.isfinite(h).any(axis=1), dtype=bool)
    # Unknown frames keep the last known state (forward fill by index).
    last = np.maximum.accumulate(np.where(known, np.arange(len(on)), 0))
    return on[last] & known[last], above


def _refine_contact(lowest: FloatArray, crossing: int, span: int, max_step: float) -> int:
    """First frame in [crossing, crossing + span) whose descent to the next frame is < max_step."""
    seg = lowest[crossing : crossing + span + 1]
    with np.errstate(invalid="ignore"):
        stopped = np.flatnonzero(-np.diff(seg) < max_step)
    return crossing + int(stopped[0]) if len(stopped) else crossing


def detect_landings(
    foot_heights: FloatArray,
    pelvis_height: FloatArray,
    times: FloatArray,
    leg_length: float,
    params: EventsFile | None = None,
) -> list[Landing]:
    """Every landing in time order (see module doc)."""
    cfg = (params or events_params()).landings
    t = np.asarray(times, dtype=np.float64)
    n = len(t)
    if n < 4:
        return []
    dt = float(np.median(np.diff(t)))
    contact, above = contact_mask(
        foot_heights, float(cfg.contact_tolerance) * leg_length, float(cfg.ground_percentile)
    )
    starts, stops = true_runs(~contact)
    keep = (stops - starts) * dt >= float(cfg.min_airborne_s)
    starts, stops = starts[keep], stops[keep]
    lowest = np.nanmin(np.where(np.isfinite(above), above, np.inf), axis=1)
    lowest = np.where(np.isfinite(lowest), lowest, np.nan)
    pelvis = np.asarray(pelvis_height, dtype=np.float64)
    min_contact = max(1, round(float(cfg.min_contact_s) / dt))
    window = max(1, round(float(cfg.deepest_window_s) / dt))
    stop_speed = float(cfg.stop_speed)
    landings: list[Landing] = []
    for i, (a, ic) in enumerate(zip(starts, stops, strict=True)):
        if ic + min_contact > n or not contact[ic : ic + min_contact].all():
            continue
        ic = _refine_contact(lowest, int(ic), min_contact, stop_speed * leg_length * dt)
        takeoff = int(starts[i + 1]) if i + 1 < len(starts) else None
        stop = min(n, ic + window + 1, takeoff if takeoff is not None else n)
        seg = pelvis[ic:stop]
        if not np.isfinite(seg).any():
            continue
        deepest = int(ic + np.nanargmin(seg))
        rising = np.flatnonzero(np.diff(lowest[a : ic + 1]) >= 0)  # steps that are not descending
        apex = int(a + rising[-1]) if len(rising) else int(a)
        with np.errstate(invalid="ignore"):
            first_foot = int(np.nanargmin(np.where(np.isfinite(above[ic]), above[ic], np.inf)))
        landings.append(
            Landing(
                apex=apex,
                initial_contact=int(ic),
                deepest=deepest,
                takeoff=takeoff,
                t_apex=float(t[apex]),
                t_initial_contact=float(t[ic]),
                t_deepest=float(t[deepest]),
                t_takeoff=None if takeoff is None else float(t[takeoff]),
                first_foot=first_foot,
                complete=bool((deepest < n - 1 and deepest < stop - 1) or takeoff is not None),
            )
        )
    return landings


def first_landing(
    foot_heights: FloatArray,
    pelvis_height: FloatArray,
    times: FloatArray,
    leg_length: float,
    params: EventsFile | None = None,
) -> Landing | None:
    """The first complete landing (for a box drop: the first contact after leaving the box)."""
    for landing in detect_landings(foot_heights, pelvis_height, times, leg_length, params):
        if landing.complete:
            return landing
    return None
