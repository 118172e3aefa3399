"""The signal-conditioning parameters (``valgus/data/signals.yaml``), read by the one data-file
loader :func:`valgus.datafiles.load`."""

from __future__ import annotations

from typing import Any

from valgus.datafiles import load


def signals_params() -> dict[str, Any]:
    return load("signals.yaml")
