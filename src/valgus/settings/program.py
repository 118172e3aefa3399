"""The programme data files: program/exercises.yaml (the library) and program/templates.yaml."""

from __future__ import annotations

from typing import Literal

from valgus.settings.base import DataFile, Strict

Phase = Literal["inhibit", "lengthen", "activate", "integrate"]
Pattern = Literal["squat", "single_leg", "landing", "hinge"]


class Targets(Strict):
    causes: list[str]
    muscles: list[str]


class Dose(Strict):
    sets: int
    reps: int | None = None
    hold_s: int | None = None
    tempo: str

    def text(self) -> str:
        amount = f"{self.reps} reps" if self.reps else ""
        if self.hold_s:
            amount = f"{amount} x {self.hold_s} s hold" if amount else f"{self.hold_s} s hold"
        return f"{self.sets} x {amount} ({self.tempo})"


class Exercise(Strict):
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
    loads: Pattern | None
    sources: list[str]


class ExercisesFile(DataFile):
    FILE = "program/exercises.yaml"
    exercises: list[Exercise]


class RetestWeeks(Strict):
    min: int
    max: int
    default: int
    sources: list[str]


class Retest(Strict):
    weeks: RetestWeeks


class Week(Strict):
    week: int
    focus: str


class ProgressionRules(Strict):
    step_up: str
    hold: str
    step_down: str
    sources: list[str]
    note: str


class LoadManagement(Strict):
    excessive_rule: str
    pattern_of_task: dict[str, Pattern]
    pain_moderate_excludes: list[Pattern]


class Footwear(Strict):
    foot_overpronation: str
    sources: list[str]
    note: str


class Warmup(Strict):
    id: str
    name: str
    for_sports: list[str]
    dose: str
    effect: str
    sources: list[str]


class ExerciseList(Strict):
    exercises: list[str]
    sources: list[str]


class StartLevel(Strict):
    default: int
    loaded_pattern_normal: int
    loaded_pattern_borderline: int
    note: str


class TemplatesFile(DataFile):
    FILE = "program/templates.yaml"
    phases: list[Phase]
    max_exercises_per_phase: dict[Phase, int]
    max_causes: int
    seconds_per_rep: int
    rest_between_sets_s: int
    changeover_s: int
    retest: Retest
    weeks: list[Week]
    progression_rules: ProgressionRules
    load_management: LoadManagement
    key_exercises: dict[str, ExerciseList]
    corrected_variants: dict[Literal["heel_elevated", "mini_band"], ExerciseList]
    start_level: StartLevel
    footwear: Footwear
    warmups: list[Warmup]
