"""Events for a task: reps (squat family) or landings, and quiet standing, in frame indices."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from valgus import settings
from valgus.events.landings import detect_landings
from valgus.events.reps import detect_reps
from valgus.events.standing import detect_standing, leg_speed
from valgus.keypoints import FloatArray
from valgus.metrics.alignment import segment_lengths
from valgus.metrics.frames import FrameMetrics, reference_length
from valgus.metrics.frontal import pelvis_centre
from valgus.skeleton import INDEX
from valgus.tasks import Task

FOOT_POINTS = tuple(INDEX[f"{s}_{p}"] for s in ("left", "right") for p in ("ankle", "heel", "toe"))


@dataclass(frozen=True)
class EventSpan:
    """A rep or a landing: frames [start, end], deepest point, initial contact for landings."""

    start: int
    deepest: int
    end: int
    initial_contact: int | None = None


@dataclass
class TaskEvents:
    reps: list[EventSpan]
    standing: tuple[int, int] | None
    warnings: list[str] = field(default_factory=list)


def min_trusted_fraction() -> float:
    return settings.camera().confidence.min_fraction_trusted


def _family_key(task: Task) -> str:
    return task.id.replace("-", "_") if task.id != "bilateral-squat" else "squat"


def _landings(fm: FrameMetrics, frontal: FloatArray, leg: float) -> list[EventSpan]:
    feet = frontal[:, list(FOOT_POINTS), 1] / leg
    pelvis = pelvis_centre(frontal)[:, 1] / leg
    spans = []
    n = fm.times.size
    min_drop = settings.tasks().landing.min_pelvis_drop
    for land in detect_landings(feet, pelvis, fm.times, 1.0):
        if not land.complete or pelvis[land.initial_contact] - pelvis[land.deepest] < min_drop:
            continue
        ic, deepest = land.initial_contact, land.deepest
        end = min(n - 1, deepest + max(1, deepest - ic))
        if land.takeoff is not None:
            end = min(end, land.takeoff - 1)
        spans.append(
            EventSpan(start=ic, deepest=deepest, end=max(end, deepest), initial_contact=ic)
        )
    return spans


def cut_off_warnings(
    depth: FloatArray, rep_depths: list[float], reps: list[EventSpan]
) -> list[str]:
    """Say so when the clip starts or ends in the middle of a repetition (it is not measured)."""
    if not rep_depths or not np.isfinite(depth).any():
        return []
    top = float(np.nanpercentile(depth, 95))
    typical = float(np.median(rep_depths))
    out = []
    edge = max(3, depth.size // 100)
    first = reps[0].start if reps else depth.size
    last = reps[-1].end if reps else 0
    with np.errstate(all="ignore"):
        if first > edge and np.nanmedian(depth[:edge]) < top - 0.5 * typical:
            out.append(
                "the clip starts in the middle of a repetition: that repetition was not measured"
            )
        if last < depth.size - edge and np.nanmedian(depth[-edge:]) < top - 0.5 * typical:
            out.append(
                "the clip ends in the middle of a repetition: that repetition was not measured"
            )
    return out


def events_for(task: Task, fm: FrameMetrics, frontal: FloatArray) -> TaskEvents:
    leg = float(np.nanmean(reference_length(segment_lengths(frontal, "hip", "ankle"))))
    warnings: list[str] = []
    pelvis = pelvis_centre(frontal)[:, 1] / leg
    standing = detect_standing(pelvis, leg_speed(frontal, fm.times, leg), fm.times)
    if task.family == "landing":
        reps = _landings(fm, frontal, leg)
        if not reps:
            warnings.append("no landing found: the feet never left the ground long enough")
    else:
        found = detect_reps(fm.depth, fm.times, _family_key(task))
        reps = [EventSpan(r.start, r.deepest, r.end) for r in found]
        warnings.extend(cut_off_warnings(fm.depth, [r.depth for r in found], reps))
    return TaskEvents(
        reps=reps,
        standing=None if standing is None else (standing.start, standing.end),
        warnings=warnings,
    )
