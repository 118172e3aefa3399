"""Rules as data: load rules.yaml and evaluate one rule on one side's facts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from valgus import settings
from valgus.screen.facts import Facts
from valgus.settings.screen import RuleEntry

CAUSES = (
    "weak_gluteus_medius",
    "weak_gluteus_maximus",
    "weak_hip_external_rotators",
    "tight_adductors",
    "limited_ankle_dorsiflexion",
    "foot_overpronation",
    "quadriceps_dominance",
    "poor_motor_control",
    "structural",
)


@dataclass(frozen=True)
class Rule:
    id: str
    causes: tuple[str, ...]
    effect: str  # supports | opposes | borderline (within measurement error: weighs nothing)
    strength: str  # strong | moderate | weak
    fact: str
    op: str
    value: Any
    value_fact: str | None
    value_by_sex: dict[str, float] | None
    text: str
    sources: tuple[str, ...]
    unless_fired: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Outcome:
    """One rule on one side: evaluated (fact known) and fired (condition true)."""

    rule: Rule
    side: str
    value: Any
    threshold: Any
    fired: bool


def _rule(entry: RuleEntry) -> Rule:
    when = entry.when  # the operator is checked by the typed settings
    bad = [c for c in entry.causes if c not in CAUSES]
    if bad:
        raise ValueError(f"rule {entry.id}: unknown cause {bad[0]}")
    return Rule(
        id=entry.id,
        causes=tuple(entry.causes),
        effect=entry.effect,
        strength=entry.strength,
        fact=when.fact,
        op=when.op,
        value=when.value,
        value_fact=when.value_fact,
        value_by_sex=when.value_by_sex,
        text=entry.text,
        sources=tuple(entry.sources),
        unless_fired=tuple(entry.unless_fired),
        note=entry.note,
    )


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """All rules of data/screen/rules.yaml, checked for known causes and operators."""
    return tuple(_rule(e) for e in settings.screen_rules().rules)


def threshold_for(rule: Rule, facts: Facts, side: str) -> Any:
    if rule.value_fact is not None:
        return facts.get(side, rule.value_fact)
    if rule.value_by_sex is not None:
        return rule.value_by_sex.get(facts.sex or "unknown", rule.value_by_sex["unknown"])
    return rule.value


def compare(value: Any, op: str, threshold: Any) -> bool:
    if op == "is":
        return bool(value) is bool(threshold)
    value = float(value)
    if op == "between":
        return float(threshold[0]) <= value <= float(threshold[1])
    t = float(threshold)
    return {"<": value < t, "<=": value <= t, ">": value > t, ">=": value >= t}[op]


def evaluate(rule: Rule, facts: Facts, side: str) -> Outcome | None:
    """The rule's outcome on one side, or None when the fact (or its threshold) is unknown."""
    value = facts.get(side, rule.fact)
    threshold = threshold_for(rule, facts, side)
    if value is None or threshold is None:
        return None
    return Outcome(rule, side, value, threshold, compare(value, rule.op, threshold))
