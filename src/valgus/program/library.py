"""The exercise library (data/program/exercises.yaml) as validated records."""

from __future__ import annotations

from functools import lru_cache

from valgus import settings
from valgus.settings.program import Dose, Exercise, Phase, Targets

__all__ = ["Dose", "Exercise", "Phase", "Targets", "load_library"]


@lru_cache(maxsize=1)
def load_library() -> dict[str, Exercise]:
    """All exercises by id (validated: every field present, no unknown fields)."""
    return {e.id: e for e in settings.exercises().exercises}
