"""Tailor the risk education (data/risks.yaml) to the person's sex, sport and results."""

from __future__ import annotations

from typing import Any

from valgus import settings
from valgus.screen.answers import Answers
from valgus.screen.engine import Screening
from valgus.screen.facts import SIDES
from valgus.screen.sources import cite
from valgus.settings.plan import HigherIf
from valgus.tasks import get_task

DISCLAIMER = "Education about risk, not a diagnosis or a prediction for you."


def _excessive_tasks(screening: Screening) -> set[str]:
    return {
        m.task
        for m in screening.facts.movements
        if m.condition == "baseline" and any(r.verdict == "excessive" for r in m.sides.values())
    }


def _reasons(rule: HigherIf, answers: Answers, screening: Screening) -> list[str]:
    p = answers.person
    sport = (p.sport or "").lower()
    out = []
    if p.sex and p.sex in rule.sex:
        out.append(f"sex: {p.sex}")
    hit = [s for s in rule.sports if sport and s in sport]
    if hit:
        out.append(f"sport: {p.sport}")
    tasks = _excessive_tasks(screening) & set(rule.excessive_tasks)
    if tasks:
        labels = sorted(get_task(t).label.lower() for t in tasks)
        out.append("excessive valgus in the " + ", ".join(labels))
    pain = set(p.pain_location) & set(rule.pain_location)
    if pain:
        out.append("pain at " + ", ".join(sorted(pain)).replace("_", " "))
    causes = [c.name.lower() for c in screening.ranked("likely") if c.id in set(rule.causes)]
    if causes:
        out.append("likely " + "; ".join(causes))
    drop = [screening.facts.get(s, "pelvic_drop_deg") for s in SIDES]
    if rule.pelvic_drop and any(d is not None and d >= 5 for d in drop):
        out.append("contralateral pelvic drop on single-leg tasks")
    return out


def assess_risks(answers: Answers, screening: Screening) -> dict[str, Any]:
    """Every risk with what/how/evidence/counter-evidence and a tailored relevance."""
    data = settings.risks()
    items = []
    for risk in data.risks:
        reasons = _reasons(risk.higher_if, answers, screening)
        items.append(
            {
                "id": risk.id,
                "name": risk.name,
                "what": risk.what,
                "relation": risk.relation,
                "evidence_strength": risk.evidence,
                "counter_evidence": risk.counter_evidence,
                "relevance": "higher" if reasons else "usual",
                "relevance_reasons": reasons,
                "sources": [cite(k) for k in risk.sources],
            }
        )
    items.sort(key=lambda r: (r["relevance"] != "higher", -len(r["relevance_reasons"])))
    general = data.general_counter_evidence
    return {
        "disclaimer": DISCLAIMER,
        "counter_evidence": general.text,
        "counter_evidence_sources": [cite(k) for k in general.sources],
        "risks": items,
    }
