"""metrics.yaml: the per-rep metric catalogue (read through valgus.metrics.catalogue)."""

from __future__ import annotations

from typing import Literal

from valgus.settings.base import DataFile, Strict

Output = Literal["console", "web", "report", "progress", "trend", "export"]
Format = Literal["signed_deg", "deg", "leg_length", "ratio"]


class MetricEntry(Strict):
    label: str
    short: str
    unit: Literal["deg", "leg_length", "ratio"]
    event: str
    format: Format
    sign: str
    description: str
    source: str
    show: tuple[Output, ...] = ()


class MetricsFile(DataFile):
    FILE = "metrics.yaml"
    metrics: dict[str, MetricEntry]
