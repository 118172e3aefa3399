"""The public API of the explain-and-correct feature (used by the CLI, store, reports, web).

screen(answers) -> Screening              causes, evidence trail, next tests
make_plan(answers) -> Plan                screening + risks + referral + program
make_plan_from_file(path) -> Plan
Plan.to_dict() -> dict                    the `valgus plan --json` document
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from valgus import __version__
from valgus.program.builder import Program, build_program
from valgus.referral.triage import Referral, triage
from valgus.risks.assess import assess_risks
from valgus.screen.answers import Answers, load_answers
from valgus.screen.engine import Screening, screen

DISCLAIMER = (
    "valgus measures and explains; it does not diagnose. Likely causes are hypotheses from "
    "screening rules, risks are education about groups, and the program is general advice: see a "
    "professional for pain, injury or if nothing changes."
)
PLAN_SCHEMA_VERSION = "1.0"

__all__ = ["DISCLAIMER", "Plan", "make_plan", "make_plan_from_file", "screen"]


@dataclass
class Plan:
    answers: Answers
    screening: Screening
    referral: Referral
    risks: dict[str, Any]
    program: Program | None

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
            else "A red flag replaces the exercise program: see the referral above first.",
            "notes": self.screening.notes,
            "facts": self.screening.to_dict()["facts"],
            "disclaimer": DISCLAIMER,
        }


def make_plan(answers: Answers, retest_weeks: int | None = None) -> Plan:
    """Screen, triage, explain risks and build the program (None when a red flag replaces it)."""
    screening = screen(answers)
    referral = triage(answers)
    program = build_program(screening, answers, referral, retest_weeks=retest_weeks)
    return Plan(answers, screening, referral, assess_risks(answers, screening), program)


def make_plan_from_file(path: Path | str) -> Plan:
    return make_plan(load_answers(path))
