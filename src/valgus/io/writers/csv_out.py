"""Per-frame and per-rep CSV tables (the time series Kinovea users ask for)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

from valgus.analysis.model import AnalysisResult
from valgus.assess.headline import headline_of
from valgus.metrics.frames import REASON_TEXT, FrameMetrics, Untrusted
from valgus.skeleton import SIDES

FRAME_SERIES = (
    ("fppa_deg", "fppa"),
    ("knee_over_foot", "knee_over_foot"),
    ("medial_knee", "medial_knee"),
    ("hip_adduction_deg", "hip_adduction"),
    ("pelvic_drop_deg", "pelvic_drop"),
    ("trunk_lean_deg", "trunk_lean"),
    ("knee_flexion_deg", "knee_flexion"),
)


def _fmt(x: float) -> str:
    return "" if not np.isfinite(x) else f"{x:.4f}"


def write_frames_csv(fm: FrameMetrics, path: Path) -> Path:
    """One row per frame: time, per-side metrics, trust and the reason a frame is not trusted."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ["frame", "time_s", "depth", "kasr", "khr"]
    for side in SIDES:
        header += [f"{side}_{name}" for name, _ in FRAME_SERIES]
        header += [f"{side}_trusted", f"{side}_untrusted_reason"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for t in range(fm.times.size):
            row: list[Any] = [
                t,
                f"{fm.times[t]:.4f}",
                _fmt(fm.depth[t]),
                _fmt(fm.kasr[t]),
                _fmt(fm.khr[t]),
            ]
            for s in range(2):
                row += [_fmt(getattr(fm, attr)[t, s]) for _, attr in FRAME_SERIES]
                code = Untrusted(int(fm.untrusted[t, s]))
                row += [int(code == Untrusted.OK), REASON_TEXT.get(code, "")]
            w.writerow(row)
    return path


REP_COLUMNS = (
    "index",
    "side",
    "start_s",
    "deepest_s",
    "peak_s",
    "end_s",
    "initial_contact_s",
    "headline_metric",
    "headline_value",
    "headline_unit",
    "headline_text",
    "fppa_deg",
    "fppa_max_deg",
    "dynamic_valgus_deg",
    "dynamic_valgus_event",
    "knee_over_foot",
    "verdict",
    "verdict_basis",
    "reason",
)


def rep_metric_columns(metric_names: list[str]) -> list[str]:
    """Per metric, its value column and the event it was read at: ``metric.NAME``, ``metric.NAME.event``.

    Prefixed so no name collides with the rep columns (``headline_*``: what the verdict rests on).
    """
    return [col for m in metric_names for col in (f"metric.{m}", f"metric.{m}.event")]


def write_reps_csv(result: AnalysisResult, path: Path) -> Path:
    """One row per rep and side with every metric value and the event it was read at."""
    path.parent.mkdir(parents=True, exist_ok=True)
    metric_names: list[str] = []
    for rep in result.reps:
        for name in rep.metrics:
            if name not in metric_names:
                metric_names.append(name)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["task", *REP_COLUMNS, *rep_metric_columns(metric_names)])
        for rep in result.reps:
            cells: list[Any] = []
            for m in metric_names:
                entry = rep.metrics.get(m)
                value, event = (entry.value, entry.event) if entry else (None, None)
                cells += ["" if value is None else value, "" if event is None else event]
            h = headline_of(rep)
            heads = {
                "headline_metric": h.metric,
                "headline_value": h.value,
                "headline_unit": h.unit,
                "headline_text": h.text,
            }
            row = [heads[c] if c in heads else getattr(rep, c) for c in REP_COLUMNS]
            w.writerow([result.task, *row, *cells])
    return path
