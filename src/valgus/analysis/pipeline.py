"""The measurement pipeline, one step per function:

recording -> conditioned keypoints -> frontal coordinates + camera check -> per-frame metrics
-> events (reps / landings, quiet standing) -> per-rep metrics -> verdicts -> :class:`Analysis`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from valgus.analysis import detect
from valgus.analysis.conditioning import Conditioned, condition_recording
from valgus.analysis.legs import (
    absent_leg,
    absent_reason,
    check_side_choice,
    check_usable,
    explain_one_leg,
)
from valgus.analysis.result import Analysis, RepResult, Static
from valgus.analysis.sides import SideChoice, lifted_reps, side_warnings, stance_sides
from valgus.assess.camera import (
    CameraCheck,
    camera_heading,
    check_video_view,
    mocap_view,
    turned_frames,
)
from valgus.assess.norms import Norm, fppa_error, fppa_norm, knee_over_foot_norm
from valgus.assess.verdicts import RepVerdict, knee_over_foot_verdict, rep_verdict
from valgus.errors import NoPersonError
from valgus.keypoints import FloatArray, Recording
from valgus.metrics.frames import FrameMetrics, Untrusted, compute_frame_metrics
from valgus.metrics.frontal import (
    facing_sign,
    image_to_frontal,
    lateral_pair,
    world_to_frontal,
)
from valgus.metrics.per_rep import MetricValue, RepMetrics, rep_metrics_all
from valgus.signals.filtering import cutoff_key
from valgus.skeleton import SIDES, Side, other
from valgus.tasks import Headline, Sex, get_task


@dataclass(frozen=True)
class FrontalInput:
    frontal: FloatArray
    body: FloatArray | None
    positions_3d: FloatArray | None
    camera: CameraCheck
    turned: NDArray[np.bool_] | None = None
    # Coordinates for timing events: the image plane for video (the pose model's world landmarks
    # are centred on the hips every frame, so they carry no height above the ground).
    event_frontal: FloatArray | None = None


def frontal_input(cond: Conditioned, aspect_known: bool = True) -> FrontalInput:
    """Frontal coordinates from the conditioned keypoints, with the camera check."""
    if cond.image is not None:
        image = cond.image.positions
        world = cond.world.positions if cond.world is not None else None
        sign = facing_sign(image)
        heading = None if world is None else camera_heading(world)
        camera = check_video_view(image, world, sign, aspect_known=aspect_known, heading=heading)
        image_frontal = image_to_frontal(image, sign)
        turned = None
        if world is not None and camera.view in ("front", "back", "oblique"):
            turned = turned_frames(world, heading)
        return FrontalInput(image_frontal, None, world, camera, turned, image_frontal)
    assert cond.world is not None and cond.world.up is not None
    frontal, body = world_to_frontal(cond.world.positions, cond.world.up)
    return FrontalInput(frontal, body, cond.world.positions, mocap_view())


def void_frontal(m: RepMetrics, reason: str | None) -> RepMetrics:
    """A rep whose frontal values cannot be trusted: each becomes None (keeping its own reason)."""
    values = {
        name: v
        if name == "knee_flexion_deg"
        else MetricValue(
            None, v.unit, v.event, v.time_s, v.reason if v.value is None and v.reason else reason
        )
        for name, v in m.values.items()
    }
    return replace(m, values=values)


def static_alignment(fm: FrameMetrics, window: tuple[int, int] | None) -> Static | None:
    if window is None:
        return None
    start, end = window
    sl = slice(start, end + 1)
    trusted = fm.untrusted[sl] == Untrusted.OK
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: no static reading
        fppa = np.nanmedian(np.where(trusted, fm.fppa[sl], np.nan), axis=0)
        return Static(
            start=start,
            end=end,
            fppa=fppa,
            knee_over_foot=np.nanmedian(fm.knee_over_foot[sl], axis=0),
            hip_adduction=np.nanmedian(fm.hip_adduction[sl], axis=0),
            medial_knee=np.nanmedian(fm.medial_knee[sl], axis=0),
        )


def measured_sides(
    reps: list[RepResult], bilateral: bool, choice: str, seen: tuple[Side, ...] = SIDES
) -> str:
    """The side(s) actually measured: left | right | both (docs/analysis-json.md)."""
    if len(seen) == 1:
        return seen[0]
    sides = {r.side for r in reps}
    if bilateral or len(sides) == 2:
        return "both"
    if len(sides) == 1:
        return sides.pop()
    return choice if choice in ("left", "right") else "both"


def judge(
    metrics_values: dict[str, float | None],
    peak_reason: str | None,
    norm: Norm,
    kof_norm: Norm,
    camera: CameraCheck,
    kof_standing: float | None = None,
) -> RepVerdict:
    if not camera.ok:
        return RepVerdict("no_reading", None, camera.message, None)
    return rep_verdict(
        metrics_values["fppa_deg"],
        metrics_values["fppa_descent_deg"],
        metrics_values["knee_over_foot"],
        metrics_values["knee_over_foot_descent"],
        fppa_norm=norm,
        kof_norm=kof_norm,
        peak_reason=peak_reason,
        kof_standing=kof_standing,
    )


@dataclass(frozen=True)
class RepContext:
    """What measuring one rep and side needs from the whole recording."""

    fm: FrameMetrics
    camera: CameraCheck
    three_d: bool
    static: Static | None
    bilateral: bool
    norm: Norm
    kof_norm: Norm
    min_trusted: float
    seen: tuple[Side, ...] = SIDES
    headline: Headline = "fppa"


def peak_not_frontal(m: RepMetrics) -> RepMetrics:
    """2-D: a peak that is not a frontal reading gives no usable knee position either."""
    kof = m.values["knee_over_foot"]
    why = "peak not a frontal reading (" + str(m.values["fppa_deg"].reason) + ")"
    return replace(
        m,
        values={
            **m.values,
            "knee_over_foot": MetricValue(None, kof.unit, kof.event, kof.time_s, why),
        },
    )


def _static_fppa(ctx: RepContext, side: Side) -> float | None:
    sidx = SIDES.index(side)
    if ctx.static is not None and np.isfinite(ctx.static.fppa[sidx]):
        return float(ctx.static.fppa[sidx])
    return None


def _knee_over_foot_rep(ctx: RepContext, index: int, m: RepMetrics) -> RepResult:
    """A squat to depth: the verdict rests on knee-over-foot in the descent (tasks.yaml).

    The thigh's trust (foreshortening) does not matter for it, so the rep's trusted share of
    frames does not void it; the window's own frames exclude landmarks that were missing,
    implausible, turned away or possibly someone else's (:func:`rep_metrics_all`).
    """
    if not ctx.camera.ok:
        return RepResult(index, m, RepVerdict("no_reading", None, ctx.camera.message, None), None)
    kof = m.values["knee_over_foot_descent"]
    verdict = knee_over_foot_verdict(kof.value, kof.reason, kof_norm=ctx.kof_norm)
    if m.value("fppa_deg") is None and not ctx.three_d:
        m = peak_not_frontal(m)
    return RepResult(index, m, verdict, _static_fppa(ctx, m.side))


def measure_rep_side(ctx: RepContext, index: int, m: RepMetrics) -> RepResult:
    """Verdict of one rep on one side from its metrics (voided where they cannot be trusted)."""
    s = m.side
    if s not in ctx.seen:
        why = absent_reason(s)
        return RepResult(index, absent_leg(m), RepVerdict("no_reading", None, why, None), None)
    if len(ctx.seen) == 1:
        m = explain_one_leg(m, other(s))
    if not ctx.camera.ok:
        m = void_frontal(m, ctx.camera.message)
    if ctx.headline == "knee_over_foot_descent":
        return _knee_over_foot_rep(ctx, index, m)
    if m.value("fppa_deg") is None and not ctx.three_d:
        # (3-D knee-over-foot is measured against the foot axis and stays valid.)
        m = peak_not_frontal(m)
    values = {
        k: m.value(k)
        for k in ("fppa_deg", "fppa_descent_deg", "knee_over_foot", "knee_over_foot_descent")
    }
    sidx = SIDES.index(s)
    kof_standing = None
    if ctx.static is not None and np.isfinite(ctx.static.knee_over_foot[sidx]):
        kof_standing = float(ctx.static.knee_over_foot[sidx])
    verdict = judge(
        values, m.values["fppa_deg"].reason, ctx.norm, ctx.kof_norm, ctx.camera, kof_standing
    )
    if m.trusted_fraction < ctx.min_trusted:
        why = f"only {m.trusted_fraction:.0%} of the rep's frames could be trusted"
        if verdict.verdict != "no_reading":
            verdict = RepVerdict("no_reading", None, why, None)
        m = void_frontal(m, verdict.reason or why)
    return RepResult(index, m, verdict, _static_fppa(ctx, s))


def analyze_recording(
    recording: Recording,
    task_id: str,
    *,
    side: SideChoice = "auto",
    sex: Sex | None = None,
    source_sha256: str | None = None,
) -> Analysis:
    """Run the whole measurement on one recording."""
    task = get_task(task_id)
    cond = condition_recording(recording, cutoff_key(task.id, task.family))
    fin = frontal_input(cond, aspect_known=not recording.meta.get("image_size_assumed", False))
    name = recording.meta.get("name", recording.source)
    if (
        fin.positions_3d is not None
        and fin.body is not None
        and lateral_pair(fin.positions_3d) is None
    ):
        raise NoPersonError(
            f"{name}: neither both hips nor both shoulders are in the recording, so the person's "
            "frontal plane cannot be found; include the pelvis (both hips) or both shoulders"
        )
    seen = check_usable(fin.frontal, name)
    if len(seen) == 1:
        check_side_choice(side, seen, task.bilateral, name)
    times = recording.primary.times
    fm = compute_frame_metrics(
        times,
        fin.frontal,
        body=fin.body,
        positions_3d=fin.positions_3d,
        implausible=cond.implausible,
        turned=fin.turned,
        several_people=None if recording.n_people is None else recording.n_people > 1,
    )
    event_frontal = fin.frontal if fin.event_frontal is None else fin.event_frontal
    events = detect.events_for(task, fm, event_frontal)
    static = static_alignment(fm, events.standing)
    leg = float(np.nanmean(fm.leg_length))
    headline = task.headline_for(three_d=fin.body is not None)
    ctx = RepContext(
        fm=fm,
        camera=fin.camera,
        three_d=fin.body is not None,
        static=static,
        bilateral=task.bilateral,
        norm=fppa_norm(task, sex),
        kof_norm=knee_over_foot_norm(
            "squat_descent" if headline == "knee_over_foot_descent" else "default"
        ),
        min_trusted=detect.min_trusted_fraction(),
        seen=seen,
        headline=headline,
    )

    def sides_per_rep(choice: SideChoice) -> list[tuple[Side, ...]]:
        return [
            stance_sides(
                fin.frontal,
                (ev.start, ev.deepest, ev.end),
                leg,
                task.bilateral,
                choice,
                task.stance_rule,
                fm.knee_flexion,
            )
            for ev in events.reps
        ]

    auto = sides_per_rep("auto")
    chosen = auto if side == "auto" else sides_per_rep(side)
    skipped = lifted_reps(auto, side, task.bilateral)
    pairs = [
        (i, ev, s)
        for i, (ev, sides) in enumerate(zip(events.reps, chosen, strict=True), start=1)
        if i not in skipped
        for s in sides
    ]
    measured = rep_metrics_all(
        fm,
        [ev for _, ev, _ in pairs],
        [s for _, _, s in pairs],
        bilateral=task.bilateral,
        static_medial_knee=None if static is None else static.medial_knee,
        initial_contacts=[ev.initial_contact for _, ev, _ in pairs],
    )
    reps = [measure_rep_side(ctx, i, m) for (i, _, _), m in zip(pairs, measured, strict=True)]
    warnings = list(cond.warnings) + list(events.warnings)
    warnings.extend(side_warnings(auto, side, skipped, task.bilateral, task.label.lower()))
    if fin.camera.message:
        warnings.append(fin.camera.message)
    if not events.reps:
        warnings.append(f"no {task.label.lower()} repetition found")
    if len(seen) == 1:
        warnings.append(
            f"only the {seen[0]} leg is in the recording: the {other(seen[0])} leg is not measured"
        )
    return Analysis(
        recording=recording,
        task=task,
        side=measured_sides(reps, task.bilateral, side, seen),
        sex=sex,
        camera=fin.camera,
        frames=fm,
        frontal=fin.frontal,
        reps=reps,
        static=static,
        fppa_norm=fppa_norm(task, sex),
        measurement_error=fppa_error(),
        quality=cond.quality,
        source_sha256=source_sha256,
        image_positions=None if cond.image is None else cond.image.positions,
        warnings=warnings,
    )
