"""Load the signal/event parameter files (``valgus/data/signals.yaml`` and ``events.yaml``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from valgus.errors import InputError

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@cache
def load_params(name: str) -> dict[str, Any]:
    """The parsed YAML ``valgus/data/<name>.yaml`` (cached; treat as read-only)."""
    path = DATA_DIR / f"{name}.yaml"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(
            f"the parameter file {path} cannot be read ({exc}); reinstall valgus"
        ) from exc
    if not isinstance(doc, dict):
        raise InputError(f"the parameter file {path} is malformed; reinstall valgus")
    return doc


def signals_params() -> dict[str, Any]:
    return load_params("signals")


def events_params() -> dict[str, Any]:
    return load_params("events")
