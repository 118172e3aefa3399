"""The plan: screening + referral + risks + programme, assembled above them, every suggestion
checked against the person's state (:mod:`valgus.plan.safety`).

screen(answers) -> Screening              causes, evidence trail, next tests
make_plan(answers) -> Plan                screening + risks + referral + program (+ what was left out)
make_plan_from_file(path) -> Plan
Plan.to_dict() -> dict                    the `valgus plan --json` document
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from valgus import __version__, settings
from valgus.plan.safety import PersonState, Restrictions, restrictions
from valgus.program.builder import Program, build_program
from valgus.program.library import load_library
from valgus.referral.triage import Referral, ReferralReason, reason_from, triage
from valgus.risks.assess import assess_risks
from valgus.screen.answers import Answers, load_answers
from valgus.screen.engine import Screening, screen
from valgus.screen.next_tests import suggest_tests

DISCLAIMER = (
    "valgus measures and explains; it does not diagnose. Likely causes are hypotheses from "
    "screening rules, risks are education about groups, and the program is general advice: see a "
    "professional for pain, injury or if nothing changes."
)
PLAN_SCHEMA_VERSION = "1.1"  # 1.1: left_out

__all__ = ["DISCLAIMER", "Plan", "make_plan", "make_plan_from_file", "screen"]


@dataclass
class Plan:
    answers: Answers
    screening: Screening
    referral: Referral
    risks: dict[str, Any]
    program: Program | None
    left_out: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        program = None if self.program is None else self.program.to_dict()
        return {
            "schema_version": PLAN_SCHEMA_VERSION,
            "software": {"name": "valgus", "version": __version__},
            "assessment_date": self.answers.assessment_date.isoformat()
            if self.answers.assessment_date
            else None,
            "causes": [c.to_dict() for c in self.screening.causes],
            "next_tests": self.screening.next_tests,
            "referral": self.referral.to_dict(),
            "risks": self.risks,
            "program": program,
            "program_absent_reason": None
            if program is not None
            else (
                "A red flag replaces the exercise program: see the referral above first."
                if self.referral.red_flag
                else "No exercise is safe to give in this state: see the referral above first."
            ),
            "left_out": self.left_out,
            "notes": self.screening.notes,
            "facts": self.screening.to_dict()["facts"],
            "disclaimer": DISCLAIMER,
        }


N_NEXT_TESTS = 3
# safety.yaml rules after which every exercise chain starts at level 1 (pain above 2/10, injury)
CAREFUL_RULES = frozenset({"pain_above_2", "injury_signs", "red_flag"})


def make_plan(answers: Answers, retest_weeks: int | None = None) -> Plan:
    """Screen, triage, explain risks and build the program (None when a red flag replaces it);
    nothing the person's state forbids is prescribed or suggested, and what was left out says why."""
    screening = screen(answers)
    referral = triage(answers)
    referral.reasons.extend(_screening_referrals(screening))
    limits = restrictions(PersonState.of(answers, screening.facts.movements, referral.red_flag))
    program = None
    if not limits.all_exercises:
        program = build_program(
            screening,
            answers,
            referral,
            retest_weeks=retest_weeks,
            blocked_extra=frozenset(limits.loads),
            excluded=frozenset(limits.exercises),
            careful=bool(CAREFUL_RULES & set(limits.rules)),
        )
    left_out = _left_out_tests(screening, limits) + _left_out_exercises(program, limits)
    note = _adherence_note(answers)
    if note:
        screening.notes.append(note)
    if program is not None and "pain_above_2" in limits.rules:
        program.retest = {
            **program.retest,
            "what": program.retest["what"] + ", once the pain is 2/10 or less",
        }
    return Plan(answers, screening, referral, assess_risks(answers, screening), program, left_out)


def _screening_referrals(screening: Screening) -> list[ReferralReason]:
    """Referral reasons read from the screening (referral.yaml entries with ``screening_cause``)."""
    likelihood = {c.id: c.likelihood for c in screening.causes}
    out = []
    for entry in settings.referral().reasons:
        when = entry.when
        if when.screening_cause is not None and likelihood.get(when.screening_cause) in (
            when.likelihood or ()
        ):
            out.append(reason_from(entry))
    return out


def _adherence_note(answers: Answers) -> str | None:
    """Weeks without change but too few sessions logged: do the programme before judging it."""
    when = settings.referral().reason("no_progress").when
    weeks = answers.person.weeks_of_corrective_training_without_change
    done = answers.person.logged_sessions_per_week
    need = when.adherence_min_per_week or 0.0
    if weeks is None or weeks < (when.no_progress_weeks_min or 0.0):
        return None
    if done is None:
        return (
            f"No change after {weeks} weeks, but no sessions were logged: log the sessions done "
            f"(at least {need:g} a week for several weeks; `valgus adherence` or the athlete page) "
            "before concluding that the programme does not work (no referral for lack of "
            "progress yet)."
        )
    if done >= need:
        return None
    return (
        f"No change after {weeks} weeks, but only {done:.1f} session(s) a week were logged: do the "
        f"programme at least {need:g} times a week for several weeks before concluding that it "
        "does not work (no referral for lack of progress yet)."
    )


def _left_out_tests(screening: Screening, limits: Restrictions) -> list[dict[str, str]]:
    """Keep the best allowed next tests; list the forbidden ones ranked above the last one kept."""
    kept: list[dict[str, Any]] = []
    dropped: list[dict[str, str]] = []
    status = {c.id: c.likelihood for c in screening.causes}
    for test in suggest_tests(status, screening.facts, limit=100):
        if len(kept) == N_NEXT_TESTS:
            break
        why = limits.test_reason(test["id"])
        if why is None:
            kept.append(test)
        else:
            dropped.append({"kind": "test", "id": test["id"], "name": test["name"], "why": why})
    screening.next_tests = kept
    return dropped


def _left_out_exercises(program: Program | None, limits: Restrictions) -> list[dict[str, str]]:
    """Library exercises for the targeted causes that the person's state forbids."""
    targets = set(program.target_causes) if program is not None else set()
    out = []
    for ex in load_library().values():
        why = limits.exercise_reason(ex.id, ex.loads)
        if why and (not targets or set(ex.targets.causes) & targets):
            out.append({"kind": "exercise", "id": ex.id, "name": ex.name, "why": why})
    if limits.all_exercises:
        return [
            {
                "kind": "programme",
                "id": "all",
                "name": "the exercise programme",
                "why": limits.all_exercises,
            }
        ]
    return out


def make_plan_from_file(path: Path | str) -> Plan:
    return make_plan(load_answers(path))
