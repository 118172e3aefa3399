"""Verdicts per rep and side: normal / borderline / excessive / no_reading, with the basis used."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from valgus.assess.norms import Norm

Verdict = Literal["normal", "borderline", "excessive", "no_reading"]
ORDER: dict[str, int] = {"no_reading": -1, "normal": 0, "borderline": 1, "excessive": 2}


def classify(value: float, norm: Norm) -> Verdict:
    if value <= norm.normal_max:
        return "normal"
    if value <= norm.excessive_above:
        return "borderline"
    return "excessive"


@dataclass(frozen=True)
class RepVerdict:
    verdict: Verdict
    basis: str | None  # which metric decided: fppa_deg, fppa_descent_deg, knee_over_foot...
    reason: str | None  # why no reading, or a caveat
    norm: Norm | None


def rep_verdict(
    fppa_peak: float | None,
    fppa_descent: float | None,
    knee_over_foot: float | None,
    knee_over_foot_descent: float | None,
    *,
    fppa_norm: Norm,
    kof_norm: Norm,
    peak_reason: str | None,
) -> RepVerdict:
    """The FPPA at peak knee flexion decides when it can be read [R2][R3][R4].

    When the peak frame is not a frontal reading (e.g. the thigh points at the camera in a deep
    squat), the descent window's FPPA decides, and failing that knee-over-foot alignment.
    """
    if fppa_peak is not None:
        return RepVerdict(classify(fppa_peak, fppa_norm), "fppa_deg", None, fppa_norm)
    caveat = f"no FPPA at peak flexion ({peak_reason})" if peak_reason else "no FPPA at peak"
    if fppa_descent is not None:
        verdict = classify(fppa_descent, fppa_norm)
        if knee_over_foot is not None:  # the deep part can still show the knee caving in
            verdict = max(verdict, classify(knee_over_foot, kof_norm), key=ORDER.__getitem__)
        return RepVerdict(verdict, "fppa_descent_deg", f"{caveat}; descent FPPA used", fppa_norm)
    kof = knee_over_foot if knee_over_foot is not None else knee_over_foot_descent
    if kof is not None:
        return RepVerdict(
            classify(kof, kof_norm), "knee_over_foot", f"{caveat}; knee-over-foot used", kof_norm
        )
    return RepVerdict("no_reading", None, peak_reason or "no trusted frontal reading", None)


def worst(verdicts: list[str]) -> Verdict:
    """The worst verdict among readings (no_reading only when nothing could be read)."""
    readings = [v for v in verdicts if v != "no_reading"]
    if not readings:
        return "no_reading"
    best = max(readings, key=ORDER.__getitem__)
    return (
        "excessive" if best == "excessive" else "borderline" if best == "borderline" else "normal"
    )
