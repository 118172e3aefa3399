"""Typed analysis reps for writer and console tests (every field of the result model)."""

from __future__ import annotations

from typing import Any

from valgus.analysis.model import Rep


def make_rep(index: int = 1, side: str = "left", **fields: Any) -> Rep:
    """A rep without a reading unless ``fields`` give one (``metrics``: key -> partial entry)."""
    metrics = {
        key: {"unit": "deg", "event": "peak_knee_flexion", "time_s": None, "reason": None, **entry}
        for key, entry in (fields.pop("metrics", None) or {}).items()
    }
    base: dict[str, Any] = {
        "index": index,
        "side": side,
        "start_s": 0.0,
        "end_s": 1.0,
        "deepest_s": 0.5,
        "peak_s": 0.5,
        "initial_contact_s": None,
        "fppa_deg": None,
        "fppa_max_deg": None,
        "dynamic_valgus_deg": None,
        "dynamic_valgus_event": None,
        "knee_over_foot": None,
        "verdict": "no_reading",
        "verdict_basis": None,
        "reason": None,
        "trusted_fraction": None,
        "metrics": metrics,
        "norm": None,
    }
    return Rep.model_validate({**base, **fields})
