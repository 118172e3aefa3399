"""The plan-side data files: referral.yaml, risks.yaml, safety.yaml."""

from __future__ import annotations

from typing import Literal

from valgus.settings.base import DataFile, Strict

Urgency = Literal["emergency", "urgent", "soon", "routine"]


class ReferralWhen(Strict):
    """All given conditions must hold (referral.yaml)."""

    all_true: list[str] | None = None  # answers fields "section.name" that must all be yes
    any_true: list[str] | None = None
    age_years_min: float | None = None
    pain_min: float | None = None
    pain_weeks_min: float | None = None
    no_progress_weeks_min: float | None = None
    adherence_min_per_week: float | None = None
    screening_cause: str | None = None  # read by the plan layer from the screening
    likelihood: list[str] | None = None


class ReferralReason(Strict):
    id: str
    when: ReferralWhen
    who: str
    why: str
    urgency: Urgency
    replaces_program: bool
    sources: tuple[str, ...] = ()
    note: str | None = None


class ReferralFile(DataFile):
    FILE = "referral.yaml"
    message: str
    reasons: list[ReferralReason]

    def reason(self, reason_id: str) -> ReferralReason:
        return next(r for r in self.reasons if r.id == reason_id)


class HigherIf(Strict):
    sex: tuple[str, ...] = ()
    sports: tuple[str, ...] = ()
    excessive_tasks: tuple[str, ...] = ()
    pain_location: tuple[str, ...] = ()
    causes: tuple[str, ...] = ()
    pelvic_drop: bool = False


class Risk(Strict):
    id: str
    name: str
    what: str
    relation: str
    evidence: Literal["low", "moderate", "high"]
    counter_evidence: str
    sources: list[str]
    higher_if: HigherIf


class CounterEvidence(Strict):
    text: str
    sources: list[str]


class RisksFile(DataFile):
    FILE = "risks.yaml"
    general_counter_evidence: CounterEvidence
    risks: list[Risk]


class SafetyWhen(Strict):
    """All given conditions must hold (safety.yaml)."""

    red_flag: bool | None = None
    injury_signs: bool | None = None
    pain_min: int | None = None
    pain_at: list[str] | None = None
    excessive: list[str] | None = None


class Forbids(Strict):
    exercises: Literal["all"] | tuple[str, ...] = ()
    loads: tuple[str, ...] = ()
    tests: Literal["all"] | tuple[str, ...] = ()
    retest: bool = False


class SafetyRule(Strict):
    id: str
    when: SafetyWhen
    forbids: Forbids
    why: str
    source: str


class SafetyFile(DataFile):
    FILE = "safety.yaml"
    rules: list[SafetyRule]
