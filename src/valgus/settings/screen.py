"""The screening data files: screen/settings.yaml, rules.yaml, tests.yaml, sources.yaml."""

from __future__ import annotations

from typing import Literal

from valgus.settings.base import DataFile, Strict

Likelihood = Literal["likely", "possible", "unlikely", "not_enough_information"]


class Weights(Strict):
    strong: float
    moderate: float
    weak: float

    def of(self, strength: str) -> float:
        return {"strong": self.strong, "moderate": self.moderate, "weak": self.weak}[strength]


class LikelihoodCuts(Strict):
    likely_min_score: float
    possible_min_score: float
    min_evaluated_weight_for_unlikely: float
    cap_when_all_movements_normal: Likelihood


class Conversion(Strict):
    value: float
    sources: list[str]
    note: str


class Conversions(Strict):
    wblt_deg_per_cm: Conversion


class Cause(Strict):
    name: str
    muscles: list[str]
    explain: str
    sources: list[str]


class ScreenSettingsFile(DataFile):
    FILE = "screen/settings.yaml"
    weights: Weights
    likelihood: LikelihoodCuts
    conversions: Conversions
    causes: dict[str, Cause]


class RuleWhen(Strict):
    fact: str
    op: Literal["<", "<=", ">", ">=", "between", "is"]
    value: bool | int | float | list[int | float] | None = None  # kept as written (texts)
    value_fact: str | None = None
    value_by_sex: dict[str, int | float] | None = None


class RuleEntry(Strict):
    id: str
    causes: list[str]
    effect: Literal["supports", "opposes", "borderline"]
    strength: Literal["strong", "moderate", "weak"]
    when: RuleWhen
    text: str
    sources: list[str]
    unless_fired: tuple[str, ...] = ()
    note: str | None = None


class RulesFile(DataFile):
    FILE = "screen/rules.yaml"
    rules: list[RuleEntry]


class TestEntry(Strict):
    id: str
    name: str
    facts: list[str]
    informs: list[str]
    power: float
    minutes: float
    equipment: list[str]
    answers_field: str
    how_to: list[str]
    sources: list[str]


class TestsFile(DataFile):
    FILE = "screen/tests.yaml"
    tests: list[TestEntry]


class SourcesFile(DataFile):
    FILE = "screen/sources.yaml"
    sources: dict[str, str]
