"""Write the outputs of one analysis: JSON, CSVs, plot, worst-rep still, annotated video."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from valgus.skeleton import SIDES

if TYPE_CHECKING:  # loaded when outputs are written (OutputPlan is needed before the analysis)
    from valgus.analysis.model import AnalysisResult, Rep
    from valgus.analysis.result import Analysis


@dataclass
class OutputPlan:
    json: Path | None = None
    frames_csv: Path | None = None
    reps_csv: Path | None = None
    plot: Path | None = None
    still: Path | None = None
    video: Path | None = None
    crop: str | None = None
    video_workers: int | None = None  # processes drawing the video (None: one per core)

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
    not_made: dict[str, str] = field(default_factory=dict)  # output -> why it was not made


# Readings a worst-rep still can show, in order of preference: FPPA (at peak knee flexion, else
# in the descent window), then knee-over-foot (which stays meaningful in deep flexion).
STILL_READINGS = (
    ("fppa_deg", "fppa_descent_deg"),
    ("knee_over_foot", "knee_over_foot_descent"),
)


CAPTION_EVENTS = {
    "peak_knee_flexion": "at peak knee flexion",
    "descent_45_60": "median over the descent at 45-60 deg knee flexion",
    "descent_mid_depth": "median over the descent at 40-60% of the squat's depth",
}


@dataclass(frozen=True)
class StillPick:
    """The rep a worst-rep still shows, the reading it shows and that reading's time."""

    rep: Rep
    metric: str
    time_s: float

    def caption(self) -> str:
        """What the still shows, e.g. "worst rep: 2 left, FPPA +14 deg at peak knee flexion"."""
        metric = self.rep.metrics[self.metric]
        value = float(metric.value or 0.0)
        where = CAPTION_EVENTS.get(str(metric.event), "at peak knee flexion")
        if self.metric.startswith("fppa"):
            shown = f"FPPA {round(value) or 0:+d} deg"  # never "-0"
        else:
            side = "medial" if value > 0 else "lateral"
            shown = f"knee {abs(value) * 100:.0f}% of leg length {side} of the foot"
        return f"worst rep: {self.rep.index} {self.rep.side}, {shown} {where}"


def worst_rep(data: AnalysisResult) -> StillPick | None:
    """The rep with the largest reading, which reading and its time, or None.

    The reading is the one a verdict uses: FPPA at peak knee flexion, else in the descent window
    (so the still shows a trusted angle, never a foreshortened one); when no rep has an FPPA
    reading, knee-over-foot the same way.
    """
    for names in STILL_READINGS:
        best: StillPick | None = None
        best_val = -np.inf
        for rep in data.reps:
            for name in names:
                metric = rep.metrics.get(name)
                if metric and metric.value is not None and metric.time_s is not None:
                    if metric.value > best_val:
                        best, best_val = StillPick(rep, name, metric.time_s), metric.value
                    break
        if best is not None:
            return best
    return None


def _rep_label(rep: Any) -> str:
    """'rep 2 left: 9.5% medial (knee/toe descent)': the number the rep's verdict rests on, as
    every other output shows it."""
    from valgus.assess.headline import headline_of, spec

    h = headline_of(rep)
    return f"rep {rep.index} {rep.side}: {h.text} ({spec(h.metric).short})"


def _overlay(analysis: Analysis, data: AnalysisResult) -> Any:
    from valgus.io.writers.annotated_video import OverlaySpan, VideoOverlay
    from valgus.metrics.frames import Untrusted

    fm = analysis.frames
    spans = [
        OverlaySpan(
            start_frame=int(np.searchsorted(fm.times, (rep.start_s or 0.0) - 1e-6)),
            end_frame=int(np.searchsorted(fm.times, (rep.end_s or 0.0) + 1e-6)) - 1,
            side=rep.side,
            label=_rep_label(rep),
            verdict=rep.verdict,
        )
        for rep in data.reps
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
    data: AnalysisResult,
    plan: OutputPlan,
    source: Path,
    progress: Callable[[int, int], None] | None = None,
) -> Written:
    """Write the outputs of ``plan``; the CSVs and the plot are written while worker processes
    draw their parts of the annotated video."""
    out = Written()
    video_ok = analysis.image_positions is not None and analysis.recording.kind == "video"
    if video_ok and (plan.still or plan.video):
        _write_pictures(analysis, data, plan, source, out, progress)
    else:
        _write_files(analysis, data, plan, out)
    if plan.json:  # written from the typed model: a key it does not declare fails here
        from valgus.io.writers.json_out import write_json

        out.paths["json"] = write_json(data.to_json(), plan.json)
    return out


def _write_files(analysis: Analysis, data: AnalysisResult, plan: OutputPlan, out: Written) -> None:
    """The per-rep and per-frame CSVs and the FPPA plot."""
    from valgus.io.writers.csv_out import write_frames_csv, write_reps_csv
    from valgus.io.writers.plots import plot_fppa

    if plan.reps_csv:
        out.paths["reps_csv"] = write_reps_csv(data, plan.reps_csv)
    if plan.frames_csv:
        out.paths["frames_csv"] = write_frames_csv(analysis.frames, plan.frames_csv)
    if plan.plot:
        out.paths["plot"] = plot_fppa(analysis.frames, data, plan.plot)


def _write_pictures(
    analysis: Analysis,
    data: AnalysisResult,
    plan: OutputPlan,
    source: Path,
    out: Written,
    progress: Callable[[int, int], None] | None,
) -> None:
    """The annotated video and the worst rep's still (and, meanwhile, the other files)."""
    from valgus.io.video import Crop

    crop = Crop.parse(plan.crop) if plan.crop else None
    overlay = _overlay(analysis, data)
    worst = worst_rep(data)
    frame = sides = None
    if plan.still and worst is not None:
        frame = int(np.argmin(np.abs(analysis.frames.times - worst.time_s)))
        # the worst rep's own leg(s): not the free leg of an alternating single-leg clip
        of_rep = {r.side for r in data.reps if r.index == worst.rep.index}
        sides = tuple(side for side in SIDES if side in of_rep)
    image = None
    if plan.video:
        from valgus.io.writers.annotated_video import annotate_video

        _, image = annotate_video(
            source, plan.video, overlay, crop=crop, progress=progress,
            workers=plan.video_workers, keep_frame=frame,
            meanwhile=lambda: _write_files(analysis, data, plan, out),
        )  # fmt: skip
        out.paths["video"] = plan.video
        data.artifacts = {**(data.artifacts or {}), "annotated_video": str(plan.video)}
    else:
        _write_files(analysis, data, plan, out)
    if plan.still and worst is not None and frame is not None and sides is not None:
        from valgus.io.writers.stills import write_still

        out.paths["still"] = write_still(
            source, frame, plan.still, overlay, crop=crop, sides=sides,
            caption=worst.caption(), image=image,
        )  # fmt: skip
        data.artifacts = {**(data.artifacts or {}), "worst_rep_still": str(plan.still)}
    elif plan.still:
        out.not_made["still"] = (
            "no still of the worst rep: no rep has a trusted FPPA or knee-over-foot reading"
            if data.reps
            else "no still of the worst rep: no rep was found"
        )
