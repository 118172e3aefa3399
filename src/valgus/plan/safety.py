"""Safety rules over everything a plan prescribes or suggests (``valgus/data/safety.yaml``).

``restrictions(state)`` turns the person's state into what is forbidden, each with its reason in
plain words; the plan assembly (:mod:`valgus.plan.assemble`) builds the programme without those
exercises and patterns, drops forbidden next tests and the retest, and lists what was left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from valgus import settings
from valgus.screen.answers import Answers
from valgus.screen.movements import MovementResult
from valgus.settings.plan import SafetyWhen

ALL = "all"


@dataclass(frozen=True)
class PersonState:
    """What the safety rules look at."""

    red_flag: bool
    injury_signs: bool
    pain: int | None
    pain_at: frozenset[str]
    excessive: frozenset[str]  # movement patterns judged excessive at baseline

    @classmethod
    def of(cls, answers: Answers, movements: list[MovementResult], red_flag: bool) -> PersonState:
        pattern: dict[str, str] = dict(settings.templates().load_management.pattern_of_task)
        excessive = {
            pattern.get(m.task, m.task)
            for m in movements
            if m.condition == "baseline" and any(s.verdict == "excessive" for s in m.sides.values())
        }
        return cls(
            red_flag=red_flag,
            injury_signs=any(v is True for v in answers.red_flags.model_dump().values()),
            pain=answers.person.pain_score_0_10,
            pain_at=frozenset(answers.person.pain_location),
            excessive=frozenset(excessive),
        )


@dataclass
class Restrictions:
    """Forbidden items, each id -> the plain-words reason (the first rule that forbids it)."""

    all_exercises: str | None = None
    all_tests: str | None = None
    retest: str | None = None
    exercises: dict[str, str] = field(default_factory=dict)
    loads: dict[str, str] = field(default_factory=dict)
    tests: dict[str, str] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)

    def exercise_reason(self, exercise_id: str, loads: str | None) -> str | None:
        if self.all_exercises:
            return self.all_exercises
        if exercise_id in self.exercises:
            return self.exercises[exercise_id]
        return self.loads.get(loads) if loads else None

    def test_reason(self, test_id: str) -> str | None:
        return self.all_tests or self.tests.get(test_id)


def _applies(when: SafetyWhen, state: PersonState) -> bool:
    checks = []
    if when.red_flag is not None:
        checks.append(state.red_flag == when.red_flag)
    if when.injury_signs is not None:
        checks.append(state.injury_signs == when.injury_signs)
    if when.pain_min is not None:
        checks.append(state.pain is not None and state.pain >= when.pain_min)
    if when.pain_at is not None:
        checks.append(bool(state.pain_at & set(when.pain_at)))
    if when.excessive is not None:
        checks.append(bool(state.excessive & set(when.excessive)))
    return bool(checks) and all(checks)


def restrictions(state: PersonState) -> Restrictions:
    out = Restrictions()
    for rule in settings.safety().rules:
        if not _applies(rule.when, state):
            continue
        why, forbids = rule.why, rule.forbids
        out.rules.append(rule.id)
        if forbids.exercises == ALL:
            out.all_exercises = out.all_exercises or why
        else:
            for item in forbids.exercises:
                out.exercises.setdefault(item, why)
        if forbids.tests == ALL:
            out.all_tests = out.all_tests or why
        else:
            for item in forbids.tests:
                out.tests.setdefault(item, why)
        for pattern in forbids.loads:
            out.loads.setdefault(pattern, why)
        if forbids.retest:
            out.retest = out.retest or why
    return out
