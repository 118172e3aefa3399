"""The screening engine: evaluate every rule on both sides, aggregate per cause, keep the trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from valgus import settings as data
from valgus.screen.answers import Answers
from valgus.screen.facts import SIDES, Facts, derive_facts
from valgus.screen.next_tests import suggest_tests
from valgus.screen.rules import CAUSES, Outcome, evaluate, load_rules
from valgus.screen.sources import cite
from valgus.settings.screen import ScreenSettingsFile

LIKELIHOODS = ("likely", "possible", "unlikely", "not_enough_information")


@dataclass(frozen=True)
class Evidence:
    """One fired rule: the trail from a value to a conclusion."""

    rule_id: str
    direction: str  # for | against | borderline (within measurement error: neither; retest)
    strength: str
    side: str
    fact: str
    value: Any
    threshold: Any
    text: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule_id,
            "direction": self.direction,
            "strength": self.strength,
            "side": self.side,
            "fact": self.fact,
            "value": _plain(self.value),
            "threshold": _plain(self.threshold),
            "text": self.text,
            "sources": [cite(k) for k in self.sources],
        }


@dataclass(frozen=True)
class CauseResult:
    id: str
    name: str
    likelihood: str
    score: float
    sides: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    explain: str
    muscles: tuple[str, ...]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "likelihood": self.likelihood,
            "score": self.score,
            "sides": list(self.sides),
            "explain": self.explain,
            "muscles": list(self.muscles),
            "note": self.note,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass
class Screening:
    causes: list[CauseResult]
    facts: Facts
    next_tests: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def cause(self, cause_id: str) -> CauseResult:
        return next(c for c in self.causes if c.id == cause_id)

    def ranked(self, *likelihoods: str) -> list[CauseResult]:
        return [c for c in self.causes if not likelihoods or c.likelihood in likelihoods]

    def to_dict(self) -> dict[str, Any]:
        return {
            "causes": [c.to_dict() for c in self.causes],
            "next_tests": self.next_tests,
            "notes": self.notes,
            "facts": {
                s: {k: _plain(v) for k, v in self.facts.sides[s].items() if v is not None}
                for s in SIDES
            },
        }


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, list | tuple):
        return "-".join(_fmt(v) for v in value)
    return str(value)


# A finding within the measurement error of its cut-off is shown but weighs nothing either way.
DIRECTION = {"supports": "for", "opposes": "against", "borderline": "borderline"}
EFFECT_SIGN = {"supports": 1, "opposes": -1, "borderline": 0}
MARKER = {"for": "+", "against": "-", "borderline": "~"}


def _evidence(outcome: Outcome) -> Evidence:
    rule = outcome.rule
    text = rule.text.format(
        value=_fmt(outcome.value), threshold=_fmt(outcome.threshold), side=outcome.side
    )
    return Evidence(
        rule.id,
        DIRECTION[rule.effect],
        rule.strength,
        outcome.side,
        rule.fact,
        outcome.value,
        outcome.threshold,
        text,
        rule.sources,
    )


def evaluate_all(facts: Facts) -> list[Outcome]:
    """Every rule on every side where its fact is known (fired or not)."""
    outcomes: list[Outcome] = []
    rules = load_rules()
    for side in SIDES:
        side_out = [o for r in rules if (o := evaluate(r, facts, side)) is not None]
        fired = {o.rule.id for o in side_out if o.fired}
        outcomes += [o for o in side_out if not (set(o.rule.unless_fired) & fired)]
    return outcomes


def _likelihood(
    score: float, fired: bool, evaluated_weight: float, settings: ScreenSettingsFile
) -> str:
    cut = settings.likelihood
    if score >= cut.likely_min_score:
        return "likely"
    if score >= cut.possible_min_score:
        return "possible"
    if fired or evaluated_weight >= cut.min_evaluated_weight_for_unlikely:
        return "unlikely"
    return "not_enough_information"


def _aggregate(
    cause: str, outcomes: list[Outcome], settings: ScreenSettingsFile, cap: str | None
) -> CauseResult:
    weights = settings.weights
    mine = [o for o in outcomes if cause in o.rule.causes]
    per_side: dict[str, float] = {}
    for o in mine:
        if o.fired:
            sign = EFFECT_SIGN[o.rule.effect]
            per_side[o.side] = per_side.get(o.side, 0.0) + sign * weights.of(o.rule.strength)
    score = max(per_side.values()) if per_side else 0.0
    evaluated = sum(weights.of(o.rule.strength) for o in mine) / max(1, len(SIDES))
    likelihood = _likelihood(score, bool(per_side), evaluated, settings)
    note = None
    if cap == "possible" and likelihood == "likely":
        likelihood = "possible"
        note = "capped at possible: no valgus was measured, so this is a risk factor, not a cause"
    sides = tuple(s for s in SIDES if per_side.get(s, 0) >= settings.likelihood.possible_min_score)
    info = settings.causes[cause]
    fired = [o for o in mine if o.fired]
    fired.sort(key=lambda o: (o.rule.effect != "supports", -weights.of(o.rule.strength)))
    return CauseResult(
        id=cause,
        name=info.name,
        likelihood=likelihood,
        score=score,
        sides=sides,
        evidence=tuple(_evidence(o) for o in fired),
        explain=info.explain,
        muscles=tuple(info.muscles),
        note=note,
    )


def _movement_cap(facts: Facts) -> str | None:
    seen = [facts.get(s, "valgus_seen") for s in SIDES]
    if any(v is True for v in seen) or not any(v is False for v in seen):
        return None
    return data.screen_settings().likelihood.cap_when_all_movements_normal


def screen_facts(facts: Facts) -> Screening:
    """Aggregate rule outcomes into one result per cause, ranked likely -> not enough info."""
    settings = data.screen_settings()
    outcomes = evaluate_all(facts)
    cap = _movement_cap(facts)
    causes = [_aggregate(c, outcomes, settings, cap) for c in CAUSES]
    causes.sort(key=lambda c: (LIKELIHOODS.index(c.likelihood), -c.score, -len(c.evidence)))
    notes = [n for m in facts.movements for n in m.notes]
    if cap:
        notes.append(
            "Every movement result was within the normal range: no cause is called likely."
        )
    screening = Screening(causes=causes, facts=facts, notes=notes)
    screening.next_tests = suggest_tests({c.id: c.likelihood for c in causes}, facts)
    return screening


def screen(answers: Answers) -> Screening:
    """Screen the likely causes of valgus from the answers (the public entry point)."""
    return screen_facts(derive_facts(answers))
