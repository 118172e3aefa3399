"""The exercise library (data/program/exercises.yaml) as validated records."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from valgus.screen.datafiles import load_data

Phase = Literal["inhibit", "lengthen", "activate", "integrate"]


class Targets(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    causes: list[str]
    muscles: list[str]


class Dose(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sets: int
    reps: int | None = None
    hold_s: int | None = None
    tempo: str

    def text(self) -> str:
        amount = f"{self.reps} reps" if self.reps else ""
        if self.hold_s:
            amount = f"{amount} x {self.hold_s} s hold" if amount else f"{self.hold_s} s hold"
        return f"{self.sets} x {amount} ({self.tempo})"


class Exercise(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: str
    targets: Targets
    phase: Phase
    equipment: list[str]
    level: int
    dose: Dose
    cues: list[str]
    mistakes: list[str]
    progression: str | None
    regression: str | None
    contraindications: list[str]
    loads: Literal["squat", "single_leg", "landing", "hinge"] | None
    sources: list[str]


@lru_cache(maxsize=1)
def load_library() -> dict[str, Exercise]:
    """All exercises by id (validated: every field present, no unknown fields)."""
    items = [Exercise.model_validate(e) for e in load_data("program/exercises.yaml")["exercises"]]
    return {e.id: e for e in items}
