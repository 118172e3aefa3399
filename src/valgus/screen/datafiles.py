"""Read the versioned YAML data files under ``valgus/data`` (rules, tests, library, referral...)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_data(relative: str) -> Any:
    """The parsed YAML file ``valgus/data/<relative>`` (cached; treat the result as read-only)."""
    path = resources.files("valgus") / "data" / relative
    with path.open("r", encoding="utf-8") as handle:
        return yaml.safe_load(handle)
