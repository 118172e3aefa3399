"""headlines.yaml: the measures a rep's verdict can rest on."""

from __future__ import annotations

from typing import Literal

from valgus.settings.base import DataFile, Strict


class HeadlineEntry(Strict):
    label: str
    short: str
    unit: Literal["deg", "leg_length"]
    description: str
    source: str
    error: Literal["fppa", "knee_over_foot", "knee_over_foot_descent"]  # norms measurement_error
    base: str | None = None  # the per-rep metric it is computed from, when not itself one


class HeadlinesFile(DataFile):
    FILE = "headlines.yaml"
    metrics: dict[str, HeadlineEntry]
