"""Read the versioned data files (norms, tasks, camera checks, rules...) shipped in valgus/data."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> dict[str, Any]:
    """Parsed YAML file ``valgus/data/<name>`` (e.g. "norms.yaml"); cached, do not mutate."""
    text = resources.files("valgus.data").joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"data file {name} is not a mapping")
    return data
