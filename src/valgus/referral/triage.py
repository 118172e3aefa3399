"""Red flags and referral: answers -> a Referral (needed, reasons, who, why) from referral.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from valgus import settings
from valgus.screen.answers import Answers
from valgus.screen.sources import cite
from valgus.settings.plan import ReferralReason as ReasonEntry
from valgus.settings.plan import ReferralWhen

URGENCY_ORDER = ("emergency", "urgent", "soon", "routine")


@dataclass(frozen=True)
class ReferralReason:
    id: str
    who: str
    why: str
    urgency: str
    replaces_program: bool
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "who": self.who,
            "why": self.why,
            "urgency": self.urgency,
            "replaces_program": self.replaces_program,
            "sources": [cite(k) for k in self.sources],
        }


@dataclass
class Referral:
    reasons: list[ReferralReason] = field(default_factory=list)

    @property
    def needed(self) -> bool:
        return bool(self.reasons)

    @property
    def red_flag(self) -> bool:
        return any(r.replaces_program for r in self.reasons)

    def to_dict(self) -> dict[str, Any]:
        msg = settings.referral().message if self.needed else None
        return {
            "needed": self.needed,
            "red_flag": self.red_flag,
            "message": msg,
            "reasons": [r.to_dict() for r in self.reasons],
        }


def _flag(answers: Answers, dotted: str) -> bool:
    section, name = dotted.split(".")
    return getattr(getattr(answers, section), name) is True


def _matches(when: ReferralWhen, answers: Answers) -> bool:
    p = answers.person
    checks = []
    if when.all_true is not None:
        checks.append(all(_flag(answers, f) for f in when.all_true))
    if when.any_true is not None:
        checks.append(any(_flag(answers, f) for f in when.any_true))
    if when.age_years_min is not None:
        checks.append(p.age_years is not None and p.age_years >= when.age_years_min)
    if when.pain_min is not None:
        checks.append(p.pain_score_0_10 is not None and p.pain_score_0_10 >= when.pain_min)
    if when.pain_weeks_min is not None:
        checks.append(
            p.pain_duration_weeks is not None and p.pain_duration_weeks >= when.pain_weeks_min
        )
    if when.no_progress_weeks_min is not None:
        weeks = p.weeks_of_corrective_training_without_change
        checks.append(weeks is not None and weeks >= when.no_progress_weeks_min)
    if when.adherence_min_per_week is not None:  # "no progress" means something only when trained
        done = p.logged_sessions_per_week
        checks.append(done is not None and done >= when.adherence_min_per_week)
    return bool(checks) and all(checks)


def reason_from(entry: ReasonEntry) -> ReferralReason:
    """A referral.yaml entry as a reason."""
    return ReferralReason(
        entry.id, entry.who, entry.why, entry.urgency, entry.replaces_program, entry.sources
    )


def triage(answers: Answers) -> Referral:
    """Every referral reason the answers trigger, most urgent first (one reason per id)."""
    reasons = [reason_from(e) for e in settings.referral().reasons if _matches(e.when, answers)]
    ids = {r.id for r in reasons}
    if "suspected_ligament_injury" in ids:  # the fuller story covers the single symptom
        reasons = [r for r in reasons if r.id != "giving_way"]
    if "severe_pain" in ids:
        reasons = [r for r in reasons if r.id != "moderate_pain"]
    reasons.sort(key=lambda r: URGENCY_ORDER.index(r.urgency))
    return Referral(reasons)


def referral_from_reason(reason: ReferralReason | None) -> Referral:
    return Referral([reason] if reason else [])
