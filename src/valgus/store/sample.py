"""Synthetic analysis results (docs/analysis-json.md; valid results of the model, schema 1.0
keys: no headline) with known numbers.

Used by tests and report previews; never by the analysis itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

NORMS = {  # [R4] Herrington 2014 (SLS, female): controls 8.4±5.1°, PFP 16.8±5.4°
    "single-leg-squat": {
        "id": "sls_female_herrington",
        "normal_max": 13.5,
        "excessive_above": 16.8,
        "source": "R4 Herrington 2014",
    },
}


def _verdict(fppa: float | None, norm: dict[str, Any]) -> str:
    if fppa is None:
        return "no_reading"
    if fppa > norm["excessive_above"]:
        return "excessive"
    return "borderline" if fppa > norm["normal_max"] else "normal"


def _metric(value: float | None, unit: str, event: str, time_s: float) -> dict[str, Any]:
    return {
        "value": value,
        "unit": unit,
        "event": event,
        "time_s": time_s,
        "reason": None if value is not None else "no reading",
    }


def _scaled(fppa: float | None, factor: float, offset: float = 0.0) -> float | None:
    return None if fppa is None else round(offset + fppa * factor, 4)


def sample_rep(index: int, side: str, fppa: float | None, start_s: float) -> dict[str, Any]:
    """One rep with every metric derived from the FPPA by fixed, known ratios."""
    norm = NORMS["single-leg-squat"]
    deepest = start_s + 1.0
    kof = _scaled(fppa, 1 / 200)
    at = ("peak_knee_flexion", deepest)
    return {
        "index": index,
        "side": side,
        "start_s": start_s,
        "end_s": start_s + 2.0,
        "deepest_s": deepest,
        "peak_s": deepest,
        "initial_contact_s": None,
        "fppa_deg": fppa,
        "fppa_max_deg": _scaled(fppa, 1.0, 1.5),
        "dynamic_valgus_deg": _scaled(fppa, 1.0, -1.0),
        "dynamic_valgus_event": None if fppa is None else "peak_knee_flexion",
        "knee_over_foot": kof,
        "verdict": _verdict(fppa, norm),
        "verdict_basis": None if fppa is None else "fppa_deg",
        "reason": None if fppa is not None else "thigh foreshortened",
        "trusted_fraction": 0.95,
        "metrics": {
            "fppa_deg": _metric(fppa, "deg", *at),
            "knee_over_foot": _metric(kof, "leg_length", *at),
            "kasr": _metric(_scaled(fppa, -1 / 100, 1.0), "ratio", *at),
            "mkd": _metric(_scaled(fppa, 1 / 300), "leg_length", *at),
            "hip_adduction_deg": _metric(_scaled(fppa, 0.5), "deg", *at),
            "pelvic_drop_deg": _metric(3.0, "deg", *at),
            "trunk_lean_deg": _metric(4.0, "deg", *at),
            "knee_flexion_deg": _metric(65.0, "deg", *at),
        },
        "norm": norm,
    }


def _summary(reps: list[dict[str, Any]], side: str) -> dict[str, Any]:
    values = [r["fppa_deg"] for r in reps if r["side"] == side and r["fppa_deg"] is not None]
    n = len(values)
    mean = sum(values) / n if n else None
    sd = None
    if n > 1 and mean is not None:
        sd = (sum((v - mean) ** 2 for v in values) / (n - 1)) ** 0.5
    order = ["normal", "borderline", "excessive"]
    verdicts = [r["verdict"] for r in reps if r["side"] == side and r["verdict"] in order]
    return {
        "n_reps": sum(r["side"] == side for r in reps),
        "n_readings": n,
        "fppa_mean_deg": mean,
        "fppa_sd_deg": sd,
        "fppa_max_deg": max(values) + 1.5 if values else None,
        "knee_over_foot_mean": mean / 200.0 if mean is not None else None,
        "fppa_descent_mean_deg": None,
        "fppa_descent_sd_deg": None,
        "fppa_descent_event": None,
        "verdict": max(verdicts, key=order.index) if verdicts else "no_reading",
    }


def sample_analysis(
    fppa: Sequence[float | None] = (10.0, 12.0, 14.0, 16.0, 18.0),
    *,
    side: str = "left",
    task: str = "single-leg-squat",
    source_name: str = "clip.mp4",
    source_sha256: str | None = None,
    version: str = "0.1.0",
    sex: str | None = "female",
    sdd: float = 8.9,
) -> dict[str, Any]:
    """A complete single-side analysis whose rep FPPAs are ``fppa`` (in that order)."""
    reps = [sample_rep(i + 1, side, value, 1.0 + 2.5 * i) for i, value in enumerate(fppa)]
    side_summary = _summary(reps, side)
    summary: dict[str, Any] = {
        "left": _summary(reps, "left"),
        "right": _summary(reps, "right"),
        "asymmetry_fppa_deg": None,
        "asymmetry_event": None,
    }
    sha = source_sha256 or hashlib.sha256(f"{source_name}:{list(fppa)}".encode()).hexdigest()
    return {
        "schema_version": "1.0",
        "software": {
            "name": "valgus",
            "version": version,
            "pose_model": {"name": "pose_landmarker_full", "sha256": "4eaa" + "0" * 60},
        },
        "source": {
            "name": source_name,
            "sha256": sha,
            "kind": "video",
            "fps": 30.0,
            "n_frames": 400,
            "duration_s": 13.3,
            "image_size": [1280, 720],
        },
        "task": task,
        "side": side,
        "sex": sex,
        "camera": {
            "view": "front",
            "yaw_deg": 3.0,
            "ok": True,
            "corrected": False,
            "off_to": None,
            "message": None,
        },
        "quality": {
            "frames": 400,
            "frames_trusted": 380,
            "frames_usable": 390,
            "swaps_repaired": 2,
            "trial_flipped": False,
            "cutoff_hz": 6.0,
            "flagged": {},
            "warnings": [],
        },
        "measurement_error": {"fppa_sem_deg": 3.0, "fppa_sdd_deg": sdd, "source": "R1 Munro 2012"},
        "norm": NORMS["single-leg-squat"],
        "static": {
            "start_s": 0.0,
            "end_s": 0.8,
            **{
                s: {"fppa_deg": 1.0, "knee_over_foot": 0.0, "hip_adduction_deg": 0.5}
                if s == side
                else {"fppa_deg": None, "knee_over_foot": None, "hip_adduction_deg": None}
                for s in ("left", "right")
            },
        },
        "reps": reps,
        "summary": summary,
        "verdict": side_summary["verdict"],
        "disclaimer": "A measurement, not a diagnosis.",
    }


SAMPLE_PLAN: dict[str, Any] = {
    "causes": [
        {
            "id": "hip_abductor_weakness",
            "likelihood": "likely",
            "evidence": ["hip adduction rises with the FPPA", "pelvic drop 3°"],
        },
        {
            "id": "ankle_dorsiflexion_limit",
            "likelihood": "possible",
            "evidence": ["knee-to-wall not tested"],
        },
    ],
    "referral": {"needed": False, "reasons": []},
    "program": {
        "weeks": 6,
        "sessions": [
            {
                "week": 1,
                "exercises": [
                    {"name": "Side-lying hip abduction", "sets": 3, "reps": 12},
                    {"name": "Glute bridge", "sets": 3, "reps": 12},
                ],
            },
            {
                "week": 3,
                "exercises": [
                    {"name": "Single-leg squat to box, knee over second toe", "sets": 3, "reps": 10}
                ],
            },
        ],
    },
}
