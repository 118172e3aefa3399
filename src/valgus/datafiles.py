"""Read the versioned data files (norms, tasks, camera checks, rules...) shipped in valgus/data."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from valgus.errors import InputError


@cache
def load(name: str) -> dict[str, Any]:
    """Parsed YAML file ``valgus/data/<name>`` (e.g. "norms.yaml"); cached, do not mutate."""
    try:
        text = resources.files("valgus.data").joinpath(name).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"the data file {name} cannot be read ({exc}); reinstall valgus") from exc
    if not isinstance(data, dict):
        raise InputError(f"the data file {name} is malformed; reinstall valgus")
    return data
