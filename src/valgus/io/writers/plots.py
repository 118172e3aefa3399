"""PNG plot of FPPA over time, reps shaded by verdict, norm band and measurement error."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from valgus.analysis.model import AnalysisResult
from valgus.metrics.frames import FrameMetrics, Untrusted
from valgus.skeleton import SIDES

VERDICT_COLOURS = {
    "normal": "#2e7d32",
    "borderline": "#f9a825",
    "excessive": "#c62828",
    "no_reading": "#9e9e9e",
}
SIDE_COLOURS = {"left": "#1565c0", "right": "#6a1b9a"}


def plot_fppa(fm: FrameMetrics, result: AnalysisResult, path: Path) -> Path:
    """FPPA per side over time; untrusted frames dotted; reps shaded by their verdict."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, (ax, ax2) = plt.subplots(
        2, 1, figsize=(10, 6), sharex=True, gridspec_kw={"height_ratios": [3, 1.2]}
    )
    t = fm.times
    for rep in result.reps:
        colour = VERDICT_COLOURS.get(rep.verdict, "#9e9e9e")
        ax.axvspan(rep.start_s, rep.end_s, color=colour, alpha=0.12, lw=0)
        y = rep.fppa_deg
        if y is not None:
            ax.plot(rep.peak_s, y, "o", color=SIDE_COLOURS[rep.side], ms=7, mec="black")
        ax.annotate(
            f"{rep.index}",
            (rep.deepest_s, 0.98),
            xycoords=("data", "axes fraction"),
            ha="center",
            va="top",
            fontsize=8,
            color="#444444",
        )
    for s, side in enumerate(SIDES):
        trusted = fm.untrusted[:, s] == Untrusted.OK
        ax.plot(
            t,
            np.where(trusted, fm.fppa[:, s], np.nan),
            color=SIDE_COLOURS[side],
            lw=1.6,
            label=f"{side} FPPA",
        )
        ax.plot(
            t,
            np.where(~trusted, fm.fppa[:, s], np.nan),
            color=SIDE_COLOURS[side],
            lw=0.8,
            ls=":",
            alpha=0.6,
        )
        ax2.plot(t, fm.knee_over_foot[:, s], color=SIDE_COLOURS[side], lw=1.2)
    norm = result.norm
    ax.axhspan(-90, norm.normal_max, color="#2e7d32", alpha=0.05)
    ax.axhline(
        norm.normal_max, color="#2e7d32", lw=0.8, ls="--", label=f"normal ≤ {norm.normal_max:.1f}°"
    )
    ax.axhline(
        norm.excessive_above,
        color="#c62828",
        lw=0.8,
        ls="--",
        label=f"excessive > {norm.excessive_above:.1f}°",
    )
    finite = fm.fppa[np.isfinite(fm.fppa) & (fm.untrusted == Untrusted.OK)]
    lo = min(-10.0, float(np.percentile(finite, 1)) - 5) if finite.size else -20.0
    hi = max(25.0, float(np.percentile(finite, 99)) + 5) if finite.size else 30.0
    ax.set_ylim(lo, hi)
    sem = result.measurement_error.fppa_sem_deg
    ax.set_ylabel("FPPA (°, valgus +)")
    ax.set_title(
        f"{result.source.name} — {result.task}: FPPA over time "
        f"(dots: peak knee flexion; dotted: not a trusted frontal reading; SEM ±{sem:.0f}°)",
        fontsize=9,
    )
    ax.legend(loc="lower right", fontsize=8, ncols=2, framealpha=0.85)
    ax.grid(alpha=0.3)
    ax2.axhline(0, color="black", lw=0.6)
    ax2.set_ylabel("knee over foot\n(leg lengths, medial +)", fontsize=8)
    ax2.set_xlabel("time (s)")
    ax2.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
