"""Report figures (matplotlib, Agg), returned as SVG data URIs ready for <img src=…>."""

from __future__ import annotations

import base64
import io
import math
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from valgus.analysis.model import Norm

COLOURS = {
    "normal": "#2e7d32",
    "borderline": "#f9a825",
    "excessive": "#c62828",
    "no_reading": "#9e9e9e",
}
INK = "#263238"


def data_uri(fig: Figure) -> str:
    """Serialise and close a figure as an SVG data URI."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _style(ax: Any) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(colors=INK, labelsize=8)
    ax.yaxis.label.set_color(INK)
    ax.grid(axis="y", color="#eceff1", linewidth=0.8)
    ax.set_axisbelow(True)


def rep_bars(
    reps: list[dict[str, Any]],
    norm: Norm | None,
    sdd: float,
    *,
    key: str = "fppa_deg",
    scale: float = 1.0,
    unit: str = "°",
    ylabel: str = "FPPA at deepest point (°)",
) -> str:
    """One value per rep (bars coloured by verdict) over the norm bands, mean ± SDD shaded.

    ``key``: the rep field plotted (the headline by default in reports); ``scale``: e.g. 100 for
    leg lengths shown in %; ``norm``/``sdd`` in the field's own unit (scaled here).
    """
    fig, ax = plt.subplots(figsize=(6.4, 2.6))
    labels = [f"{r['side'][0].upper()}{r['rep_index']}" for r in reps]
    values = [None if r.get(key) is None else r[key] * scale for r in reps]
    sdd = sdd * scale
    heights = [0.0 if v is None else v for v in values]
    top = max([*heights, 20.0 if unit == "°" else 8.0]) + (4 if unit == "°" else 2)
    if norm:
        lo, hi = norm.normal_max * scale, norm.excessive_above * scale
        ax.axhspan(min(0, min(heights)) - 2, lo, color="#e8f5e9", zorder=0)
        ax.axhspan(lo, hi, color="#fff8e1", zorder=0)
        ax.axhspan(hi, top, color="#ffebee", zorder=0)
        ax.text(
            len(reps) - 0.45,
            lo,
            f" normal ≤ {lo:.3g}{unit}",
            fontsize=7,
            va="bottom",
            ha="right",
            color=COLOURS["normal"],
        )
        ax.text(
            len(reps) - 0.45,
            hi,
            f" excessive > {hi:.3g}{unit}",
            fontsize=7,
            va="bottom",
            ha="right",
            color=COLOURS["excessive"],
        )
    x = np.arange(len(reps))
    ax.bar(x, heights, color=[COLOURS.get(r["verdict"], INK) for r in reps], width=0.6, zorder=2)
    for xi, v in zip(x, values, strict=True):
        ax.text(
            float(xi),
            (v or 0) + 0.4,
            "n/r" if v is None else f"{v:.1f}{unit}",
            ha="center",
            fontsize=7,
            color=INK,
            zorder=3,
        )
    finite = [v for v in values if v is not None]
    if finite:
        mean = float(np.mean(finite))
        ax.axhline(mean, color=INK, linewidth=1, linestyle="--", zorder=3)
        ax.axhspan(mean - sdd / 2, mean + sdd / 2, color=INK, alpha=0.07, zorder=1)
    ax.set_xticks(x, labels)
    ax.set_ylim(min(0, min(heights)) - 2, top)
    ax.set_ylabel(ylabel)
    _style(ax)
    return data_uri(fig)


def fppa_over_time(series: dict[str, Any], side: str) -> str | None:
    """Per-frame FPPA, if the analysis carries an optional ``series`` block (else None)."""
    times = series.get("time_s")
    values = (series.get("fppa_deg") or {}).get(side)
    if not times or not values or len(times) != len(values):
        return None
    fig, ax = plt.subplots(figsize=(6.4, 2.0))
    ax.plot(times, [np.nan if v is None else v for v in values], color=INK, linewidth=1)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("FPPA (°)")
    _style(ax)
    return data_uri(fig)


def progress_chart(points: list[tuple[str, float | None]], sdd: float, title: str) -> str:
    """Mean FPPA per assessment since the first, with the first value ± SDD shaded."""
    fig, ax = plt.subplots(figsize=(6.4, 2.4))
    dates = [d for d, _ in points]
    values = np.array([np.nan if v is None else v for _, v in points], dtype=float)
    x = np.arange(len(points))
    if np.isfinite(values[0]):
        ax.axhspan(values[0] - sdd, values[0] + sdd, color="#eceff1", zorder=0)
        ax.text(
            x[-1],
            values[0] + sdd,
            f"within ±{sdd:g}° (SDD) of the first: no real change",
            fontsize=7,
            ha="right",
            va="bottom",
            color="#546e7a",
        )
    ax.plot(x, values, marker="o", color="#1565c0", linewidth=1.5, zorder=2)
    for xi, v in zip(x, values, strict=True):
        if np.isfinite(v):
            ax.text(float(xi), v + 0.5, f"{v:.1f}°", ha="center", fontsize=7, color=INK)
    ax.set_xticks(x, dates, fontsize=7)
    ax.set_ylabel("mean FPPA (°)")
    ax.set_title(title, fontsize=9, color=INK, loc="left")
    _style(ax)
    return data_uri(fig)


def stick_figure(fppa_deg: float, side: str, knee_over_foot: float | None = None) -> str:
    """A schematic hip-knee-ankle drawn from the measured FPPA (not a photograph)."""
    fig, ax = plt.subplots(figsize=(2.6, 3.2))
    half = math.radians(fppa_deg) / 2
    # Leg seen from the front; the person's midline is toward the image centre (viewer's
    # right for their right leg seen from the front is the person's left).
    medial = 1.0 if side == "right" else -1.0
    hip, ankle = np.array([0.0, 2.0]), np.array([0.0, 0.0])
    knee = np.array([medial * math.sin(half), 1.0])
    ax.plot([hip[0], ankle[0]], [hip[1], ankle[1]], linestyle=":", color="#90a4ae", linewidth=1)
    ax.plot(
        [hip[0], knee[0]], [hip[1], knee[1]], color="#1565c0", linewidth=4, solid_capstyle="round"
    )
    ax.plot(
        [knee[0], ankle[0]],
        [knee[1], ankle[1]],
        color="#1565c0",
        linewidth=4,
        solid_capstyle="round",
    )
    ax.plot(*zip(hip, knee, ankle, strict=True), "o", color=INK, markersize=7)
    extension = knee + (knee - hip)
    ax.plot(
        [knee[0], extension[0]],
        [knee[1], extension[1]],
        linestyle="--",
        color="#c62828",
        linewidth=1,
    )
    for label, point in (("hip", hip), ("knee", knee), ("ankle", ankle)):
        ax.text(
            point[0] - medial * 0.12,
            point[1],
            label,
            fontsize=8,
            ha="right" if medial > 0 else "left",
            va="center",
            color=INK,
        )
    ax.text(
        knee[0] + medial * 0.12,
        knee[1] + 0.3,
        f"FPPA {fppa_deg:.1f}°",
        fontsize=9,
        color="#c62828",
        ha="left" if medial > 0 else "right",
        weight="bold",
    )
    ax.text(
        0,
        -0.35,
        f"{side} leg · schematic from the numbers",
        fontsize=7,
        ha="center",
        color="#546e7a",
    )
    ax.set_xlim(-1.0, 1.0)
    ax.set_ylim(-0.5, 2.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return data_uri(fig)
