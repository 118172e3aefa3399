"""Which test to do next: the missing test that would most change the picture (data/screen/tests.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from valgus import settings
from valgus.screen.facts import Facts
from valgus.screen.sources import cite

# How much clarifying a cause is worth, by its current likelihood (tool convention).
UNCERTAINTY = {"not_enough_information": 1.0, "possible": 0.8, "likely": 0.3, "unlikely": 0.2}


def suggest_tests(status: Mapping[str, str], facts: Facts, limit: int = 3) -> list[dict[str, Any]]:
    """The top missing tests with why, how to do them and which answers field to fill;
    ``status``: each cause's current likelihood (cause id -> likelihood)."""
    ranked = []
    for test in settings.screen_tests().tests:
        if all(facts.available(f) for f in test.facts):
            continue
        value = test.power * sum(UNCERTAINTY[status[c]] for c in test.informs)
        unclear = [c for c in test.informs if status[c] in ("not_enough_information", "possible")]
        ranked.append((value, test, unclear))
    ranked.sort(key=lambda t: (-t[0], t[1].minutes))
    names = settings.screen_settings().causes
    out = []
    for value, test, unclear in ranked[:limit]:
        plain = [names[c].name.lower() if c in names else c for c in (unclear or test.informs)]
        why = ("would clarify: " if unclear else "would confirm or rule out: ") + "; ".join(plain)
        out.append(
            {
                "id": test.id,
                "name": test.name,
                "why": why,
                "value": round(value, 2),
                "minutes": test.minutes,
                "equipment": list(test.equipment),
                "answers_field": test.answers_field,
                "how_to": list(test.how_to),
                "sources": [cite(k) for k in test.sources],
            }
        )
    return out
