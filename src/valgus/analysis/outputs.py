"""Write the outputs of one analysis: JSON, CSVs, plot, worst-rep still, annotated video."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from valgus.analysis.result import Analysis
from valgus.io.writers.csv_out import write_frames_csv, write_reps_csv
from valgus.io.writers.json_out import write_json
from valgus.io.writers.plots import plot_fppa


@dataclass
class OutputPlan:
    json: Path | None = None
    frames_csv: Path | None = None
    reps_csv: Path | None = None
    plot: Path | None = None
    still: Path | None = None
    video: Path | None = None
    crop: str | None = None

    @classmethod
    def in_folder(cls, folder: Path, stem: str, *, video: bool, crop: str | None) -> OutputPlan:
        return cls(
            json=folder / f"{stem}.analysis.json",
            frames_csv=folder / f"{stem}.frames.csv",
            reps_csv=folder / f"{stem}.reps.csv",
            plot=folder / f"{stem}.fppa.png",
            still=folder / f"{stem}.worst_rep.png" if video else None,
            video=folder / f"{stem}.annotated.mp4" if video else None,
            crop=crop,
        )


@dataclass
class Written:
    paths: dict[str, Path] = field(default_factory=dict)


def worst_rep(data: dict[str, Any]) -> tuple[dict[str, Any], float] | None:
    """The rep with the largest FPPA reading and the time of that reading, or None.

    The reading is the one the verdict used: at peak knee flexion, else in the descent window
    (so the still shows a trusted angle, never a foreshortened one).
    """
    best: tuple[dict[str, Any], float] | None = None
    best_val = -np.inf
    for rep in data["reps"]:
        for name in ("fppa_deg", "fppa_descent_deg"):
            metric = rep["metrics"].get(name) or {}
            if metric.get("value") is not None and metric.get("time_s") is not None:
                if metric["value"] > best_val:
                    best, best_val = (rep, float(metric["time_s"])), metric["value"]
                break
    return best


def _overlay(analysis: Analysis, data: dict[str, Any]) -> Any:
    from valgus.io.writers.annotated_video import OverlaySpan, VideoOverlay
    from valgus.metrics.frames import Untrusted

    fm = analysis.frames
    spans = [
        OverlaySpan(
            start_frame=int(np.searchsorted(fm.times, rep["start_s"] - 1e-6)),
            end_frame=int(np.searchsorted(fm.times, rep["end_s"] + 1e-6)) - 1,
            side=rep["side"],
            label=f"rep {rep['index']} {rep['side']}: "
            + (f"{rep['fppa_deg']:.0f}°" if rep["fppa_deg"] is not None else "no FPPA at peak"),
            verdict=rep["verdict"],
        )
        for rep in data["reps"]
    ]
    assert analysis.image_positions is not None
    return VideoOverlay(
        positions=analysis.image_positions,
        fppa_deg=fm.fppa,
        trusted=fm.untrusted == Untrusted.OK,
        spans=spans,
    )


def write_outputs(
    analysis: Analysis,
    data: dict[str, Any],
    plan: OutputPlan,
    source: Path,
    progress: Callable[[int, int], None] | None = None,
) -> Written:
    out = Written()
    if plan.reps_csv:
        out.paths["reps_csv"] = write_reps_csv(data, plan.reps_csv)
    if plan.frames_csv:
        out.paths["frames_csv"] = write_frames_csv(analysis.frames, plan.frames_csv)
    if plan.plot:
        out.paths["plot"] = plot_fppa(analysis.frames, data, plan.plot)
    video_ok = analysis.image_positions is not None and analysis.recording.kind == "video"
    if video_ok and (plan.still or plan.video):
        from valgus.io.video import Crop

        crop = Crop.parse(plan.crop) if plan.crop else None
        overlay = _overlay(analysis, data)
        worst = worst_rep(data)
        if plan.still and worst is not None:
            from valgus.io.writers.stills import write_still

            frame = int(np.argmin(np.abs(analysis.frames.times - worst[1])))
            out.paths["still"] = write_still(source, frame, plan.still, overlay, crop=crop)
            data.setdefault("artifacts", {})["worst_rep_still"] = str(plan.still)
        if plan.video:
            from valgus.io.writers.annotated_video import write_annotated_video

            write_annotated_video(source, plan.video, overlay, crop=crop, progress=progress)
            out.paths["video"] = plan.video
            data.setdefault("artifacts", {})["annotated_video"] = str(plan.video)
    if plan.json:
        out.paths["json"] = write_json(data, plan.json)
    return out
