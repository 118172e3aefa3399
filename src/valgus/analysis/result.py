"""The analysis result and its JSON form (docs/analysis-json.md, schema 1.0)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from pydantic import BaseModel

from valgus import __version__
from valgus.analysis.model import (
    SCHEMA_VERSION,
    AnalysisResult,
    RepHeadline,
    SummaryHeadline,
    parse_result,
)
from valgus.assess import headline as hl
from valgus.assess.camera import CameraCheck
from valgus.assess.norms import Norm, knee_over_foot_norm
from valgus.assess.verdicts import RepVerdict, Verdict, side_verdict, worst
from valgus.keypoints import FloatArray, Recording
from valgus.metrics.frames import FrameMetrics
from valgus.metrics.per_rep import RepMetrics
from valgus.skeleton import SIDES, Side
from valgus.tasks import Task

DISCLAIMER = (
    "A measurement, not a diagnosis. {angles} carry a measurement error of about "
    "±{sem:.0f}° (a change under {sdd:.0f}° between sessions may be noise). Screening tests predict "
    "injury poorly for individuals. Pain, swelling, giving way or locking: see a professional."
)
# Whose error the figure is: 2-D video angles [R1]; for 3-D motion files the same published
# between-day figure is shown (no 3-D figure in the evidence), and the text says so.
ANGLES_2D = "2-D knee angles"
ANGLES_3D = "Knee angles (the published 2-D video figure, shown for motion files too)"


@dataclass(frozen=True)
class RepResult:
    index: int
    metrics: RepMetrics
    verdict: RepVerdict
    static_fppa: float | None

    @property
    def side(self) -> str:
        return self.metrics.side


@dataclass(frozen=True)
class Static:
    start: int
    end: int
    fppa: FloatArray  # (2,)
    knee_over_foot: FloatArray
    hip_adduction: FloatArray
    medial_knee: FloatArray


@dataclass
class Analysis:
    recording: Recording
    task: Task
    side: str
    sex: str | None
    camera: CameraCheck
    frames: FrameMetrics
    frontal: FloatArray
    reps: list[RepResult]
    static: Static | None
    fppa_norm: Norm
    measurement_error: tuple[float, float, str]
    quality: dict[str, Any]
    source_sha256: str | None = None
    image_positions: FloatArray | None = None  # conditioned pixels, for overlays
    warnings: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """The worse side's verdict (each side judged on its mean: ``side_verdict``)."""
        return worst([self.side_verdict(side) for side in SIDES])

    @cached_property
    def rep_headlines(self) -> list[RepHeadline]:
        """The number each rep's verdict rests on (its headline measure), with the event; in the
        order of ``reps``, made once."""
        task_headline = self.task.headline_for(three_d=self.recording.image is None)
        out = []
        for r in self.reps:
            key = hl.headline_key(r.verdict.basis, task_headline)
            value = r.metrics.values.get(hl.base_metric(key))
            out.append(
                hl.rep_headline(
                    key,
                    r.verdict.value
                    if r.verdict.value is not None
                    else _float(None if value is None else value.to_dict(), "value"),
                    None if value is None else value.event,
                )
            )
        return out

    def _side_readings(self, side: str) -> list[tuple[RepHeadline, Norm | None]]:
        return [
            (head, r.verdict.norm)
            for r, head in zip(self.reps, self.rep_headlines, strict=True)
            if r.side == side and r.verdict.verdict != "no_reading"
        ]

    def side_headline(self, side: str) -> SummaryHeadline | None:
        """Mean ± SD of one side's headline over its readings: the number its verdict rests on."""
        return hl.summarise_pairs([(h.metric, h.value) for h, _ in self._side_readings(side)])

    def side_verdict(self, side: str) -> Verdict:
        """One side's verdict: the mean of the same readings against their measure's norm
        (assess/verdicts.side_verdict)."""
        readings = self._side_readings(side)
        chosen = hl.majority_values([(h.metric, h.value) for h, _ in readings])
        if chosen is None:
            return "no_reading"
        key, values = chosen
        head, norm = next((h, n) for h, n in readings if h.metric == key)
        if norm is None:  # not expected: every reading carries its norm
            return worst([r.verdict.verdict for r in self.reps if r.side == side])
        return side_verdict(values, norm, head.unit)

    def side_summary(self, side: str) -> dict[str, Any]:
        reps = [r for r in self.reps if r.side == side]
        read = [r for r in reps if r.verdict.verdict != "no_reading"]  # numbers only from readings
        vals = np.array(
            [r.metrics.value("fppa_deg") for r in read if r.metrics.value("fppa_deg") is not None],
            dtype=float,
        )
        maxes = [r.metrics.value("fppa_max_deg") for r in read]
        desc = np.array(
            [v for r in read if (v := r.metrics.value("fppa_descent_deg")) is not None], dtype=float
        )
        desc_events = {
            r.metrics.values["fppa_descent_deg"].event
            for r in read
            if r.metrics.value("fppa_descent_deg") is not None
        }
        kof = [r.metrics.value("knee_over_foot") for r in read]
        kof_v = np.array([k for k in kof if k is not None], dtype=float)
        return {
            "n_reps": len(reps),
            "n_readings": sum(r.verdict.verdict != "no_reading" for r in reps),
            "fppa_mean_deg": _r(vals.mean()) if vals.size else None,
            "fppa_sd_deg": _r(vals.std(ddof=1)) if vals.size > 1 else None,
            "fppa_descent_mean_deg": _r(desc.mean()) if desc.size else None,
            "fppa_descent_sd_deg": _r(desc.std(ddof=1)) if desc.size > 1 else None,
            # descent_45_60 (knee flexion) or descent_mid_depth (no knee angles); "descent" if mixed
            "fppa_descent_event": (
                next(iter(desc_events))
                if len(desc_events) == 1
                else "descent"
                if desc_events
                else None
            ),
            "fppa_max_deg": _r(max(m for m in maxes if m is not None))
            if any(m is not None for m in maxes)
            else None,
            "knee_over_foot_mean": _r(kof_v.mean(), 4) if kof_v.size else None,
            "verdict": self.side_verdict(side),
        }


def _r(x: float | None, nd: int = 2) -> float | None:
    if x is None or not np.isfinite(x):
        return None
    return round(float(x), nd)


def _side_static(static: Static, s: int) -> dict[str, Any]:
    return {
        "fppa_deg": _r(static.fppa[s]),
        "knee_over_foot": _r(static.knee_over_foot[s], 4),
        "hip_adduction_deg": _r(static.hip_adduction[s]),
    }


def dynamic_valgus(m: RepMetrics, static_fppa: float | None) -> tuple[float | None, str | None]:
    """FPPA minus the static (quiet standing) FPPA, and the event of the FPPA used.

    At peak knee flexion; when the peak is not a frontal reading (thigh foreshortened in a deep
    squat), in the descent's 45-60 deg window, as the verdict does. (None, None) without either.
    """
    if static_fppa is None:
        return None, None
    for name in ("fppa_deg", "fppa_descent_deg"):
        value = m.value(name)
        if value is not None:
            return value - static_fppa, m.values[name].event
    return None, None


def asymmetry(summary: Mapping[Side, dict[str, Any]]) -> dict[str, Any]:
    """Left minus right mean FPPA: at peak knee flexion when both sides have it, else from the
    descent window when both have that (deep squats), with the event it was taken at."""
    left, right = summary["left"], summary["right"]
    if left["fppa_mean_deg"] is not None and right["fppa_mean_deg"] is not None:
        diff = left["fppa_mean_deg"] - right["fppa_mean_deg"]
        return {"asymmetry_fppa_deg": _r(diff), "asymmetry_event": "peak_knee_flexion"}
    if left["fppa_descent_mean_deg"] is not None and right["fppa_descent_mean_deg"] is not None:
        diff = left["fppa_descent_mean_deg"] - right["fppa_descent_mean_deg"]
        same = left["fppa_descent_event"] == right["fppa_descent_event"]
        event = left["fppa_descent_event"] if same else "descent"
        return {"asymmetry_fppa_deg": _r(diff), "asymmetry_event": event}
    return {"asymmetry_fppa_deg": None, "asymmetry_event": None}


def _headline_header(a: Analysis, key_name: str) -> dict[str, Any]:
    """The task's headline measure with its measurement error and thresholds."""
    key = hl.headline_key(None, key_name)
    spec = hl.spec(key)
    sem, sdd, src = hl.measurement_error(key)
    norm = next((r.verdict.norm for r in a.reps if r.verdict.basis == key and r.verdict.norm), None)
    if norm is None:
        norm = a.fppa_norm if key == hl.FPPA_HEADLINE else knee_over_foot_norm("squat_descent")
    return {
        "metric": key,
        "label": spec.label,
        "unit": spec.unit,
        "description": spec.description,
        "source": spec.source,
        "sem": sem,
        "sdd": sdd,
        "error_source": src,
        "norm": None if norm is None else norm.to_dict(),
    }


def _float(entry: dict[str, object] | None, key: str) -> float | None:
    value = None if entry is None else entry.get(key)
    return float(value) if isinstance(value, int | float) else None


def _dump(model: BaseModel | None) -> dict[str, Any] | None:
    return None if model is None else model.model_dump()


def to_json_dict(a: Analysis) -> dict[str, Any]:
    """The documented JSON object (docs/analysis-json.md), as written from the typed model."""
    return build_result(a).to_json()


def build_result(a: Analysis) -> AnalysisResult:
    """The typed result (valgus.analysis.model) of an analysis."""
    return parse_result(_raw_json(a))


def _raw_json(a: Analysis) -> dict[str, Any]:
    rec, times = a.recording, a.frames.times
    sem, sdd, src = a.measurement_error
    summary = {side: a.side_summary(side) for side in SIDES}
    model = rec.meta.get("model")
    reps_json = []
    task_headline = a.task.headline_for(three_d=rec.image is None)
    for r, head in zip(a.reps, a.rep_headlines, strict=True):
        m = r.metrics
        dynamic, dynamic_event = dynamic_valgus(m, r.static_fppa)
        reps_json.append(
            {
                "index": r.index,
                "side": m.side,
                "start_s": _r(times[m.start], 3),
                "end_s": _r(times[m.end], 3),
                "deepest_s": _r(times[m.deepest], 3),
                "peak_s": _r(times[m.peak], 3),
                "initial_contact_s": None
                if m.initial_contact is None
                else _r(times[m.initial_contact], 3),
                "fppa_deg": _r(m.value("fppa_deg")),
                "fppa_max_deg": _r(m.value("fppa_max_deg")),
                "dynamic_valgus_deg": _r(dynamic),
                "dynamic_valgus_event": dynamic_event,
                "knee_over_foot": _r(m.value("knee_over_foot"), 4),
                "headline": head.model_dump(),
                "verdict": r.verdict.verdict,
                "verdict_basis": r.verdict.basis,
                "reason": r.verdict.reason,
                "trusted_fraction": _r(m.trusted_fraction, 3),
                "metrics": {k: v.to_dict() for k, v in m.values.items()},
                "norm": None if r.verdict.norm is None else r.verdict.norm.to_dict(),
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "software": {
            "name": "valgus",
            "version": __version__,
            "pose_model": model,
        },
        "source": {
            "name": rec.meta.get("name", rec.source),
            "sha256": a.source_sha256,
            "kind": rec.kind,
            "fps": _r(rec.primary.fps, 3),
            "n_frames": rec.primary.n_frames,
            "duration_s": _r(float(times[-1] - times[0]) if times.size else 0.0, 3),
            "image_size": list(rec.image_size) if rec.image_size else None,
        },
        "task": a.task.id,
        "side": a.side,
        "sex": a.sex,
        "camera": a.camera.to_dict(),
        "quality": {**a.quality, "warnings": list(a.warnings)},
        "measurement_error": {"fppa_sem_deg": sem, "fppa_sdd_deg": sdd, "source": src},
        "headline": _headline_header(a, task_headline),
        "norm": a.fppa_norm.to_dict(),
        "static": None
        if a.static is None
        else {
            "start_s": _r(times[a.static.start], 3),
            "end_s": _r(times[a.static.end], 3),
            "left": _side_static(a.static, 0),
            "right": _side_static(a.static, 1),
        },
        "reps": reps_json,
        "summary": {
            **{
                side: {
                    **summary[side],
                    "headline": _dump(a.side_headline(side)),
                }
                for side in SIDES
            },
            **asymmetry(summary),
        },
        "verdict": a.verdict,
        "disclaimer": DISCLAIMER.format(
            angles=ANGLES_2D if rec.image is not None else ANGLES_3D, sem=sem, sdd=sdd
        ),
    }
