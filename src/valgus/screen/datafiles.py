"""Read the versioned YAML data files under ``valgus/data`` (rules, tests, library, referral...)."""

from __future__ import annotations

from typing import Any

from valgus.datafiles import load


def load_data(relative: str) -> Any:
    """The parsed YAML file ``valgus/data/<relative>`` through the one data-file loader
    (:func:`valgus.datafiles.load`; cached, treat the result as read-only)."""
    return load(relative)
