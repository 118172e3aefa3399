"""The event-detection parameters (``valgus/data/events.yaml``: reps, landings, standing,
stance), read by the one data-file loader :func:`valgus.datafiles.load`."""

from __future__ import annotations

from typing import Any

from valgus.datafiles import load


def events_params() -> dict[str, Any]:
    return load("events.yaml")
