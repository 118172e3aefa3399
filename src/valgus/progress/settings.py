"""Progress settings read from src/valgus/data/progress.yaml (each value with its source)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class ProgressSettings:
    """Defaults used when an analysis does not carry its own measurement error."""

    fppa_sdd_deg: float
    knee_over_foot_sdd: float
    no_progress_weeks: float
    reassess_weeks: tuple[int, int]


@cache
def settings() -> ProgressSettings:
    """The settings file, parsed once."""
    text = resources.files("valgus.data").joinpath("progress.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    return ProgressSettings(
        fppa_sdd_deg=float(raw["fppa_sdd_deg"]["value"]),
        knee_over_foot_sdd=float(raw["knee_over_foot_sdd"]["value"]),
        no_progress_weeks=float(raw["no_progress_weeks"]["value"]),
        reassess_weeks=tuple(raw["reassess_weeks"]["value"]),  # type: ignore[arg-type]
    )
