"""Progress settings: progress.yaml (typed, unknown keys refused) and the measurement error it
falls back on, from its one home, norms.yaml ``measurement_error``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict

from valgus.datafiles import load


class _Sourced(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: float
    source: str


class ProgressFile(BaseModel):
    """progress.yaml: every key declared (a misspelt or unknown one fails)."""

    model_config = ConfigDict(extra="forbid")

    version: int
    no_progress_weeks: _Sourced


@dataclass(frozen=True)
class ProgressSettings:
    """Defaults used when an analysis does not carry its own measurement error."""

    fppa_sdd_deg: float
    knee_over_foot_sdd: float
    no_progress_weeks: float


@cache
def settings() -> ProgressSettings:
    """The settings, parsed once."""
    raw = ProgressFile.model_validate(load("progress.yaml"))
    error = load("norms.yaml")["measurement_error"]
    return ProgressSettings(
        fppa_sdd_deg=float(error["fppa"]["sdd_deg"]),
        knee_over_foot_sdd=float(error["knee_over_foot"]["sdd"]),
        no_progress_weeks=raw.no_progress_weeks.value,
    )
