"""What the person's tests justify: the level a chain may start at, the corrected variants a retest
allows, and the exercises each cause needs first (data/program/templates.yaml).

``justify(screening, careful)`` reads the movement results once; the builder asks it
``max_level(exercise)`` and ``corrected_exercises()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from valgus import settings
from valgus.program.library import Exercise, load_library
from valgus.screen.engine import Screening
from valgus.screen.facts import SIDES, measurement_error
from valgus.screen.movements import VERDICT_RANK, MovementResult


@dataclass(frozen=True)
class Justified:
    pattern_verdict: dict[str, str]  # loaded pattern -> worst baseline verdict measured
    corrected: dict[str, frozenset[str]]  # retest condition -> patterns whose valgus it removed
    careful: bool  # pain above 2/10 or signs of injury: every chain starts at level 1

    def max_level(self, ex: Exercise) -> int:
        """The highest level this exercise may start at for this person: level 1 [R84], one
        level up for an exercise loading a pattern measured normal (no pain, no injury signs)."""
        levels = settings.templates().start_level
        if not self.careful and ex.loads and self.pattern_verdict.get(ex.loads) == "normal":
            return levels.loaded_pattern_normal
        return levels.default

    def level_cap(self, ex: Exercise) -> int | None:
        """A hard ceiling (whatever else allows it): a borderline pattern is not loaded above
        level 2."""
        if ex.loads is not None and self.pattern_verdict.get(ex.loads) == "borderline":
            return settings.templates().start_level.loaded_pattern_borderline
        return None

    def corrected_exercises(self, blocked_by_valgus: set[str]) -> frozenset[str]:
        """Exercises a corrective retest allows: the variant trains with the correction that removed
        the valgus, so it may load a pattern held back only for its excessive valgus when the
        retest was done on that pattern."""
        out: set[str] = set()
        variants = settings.templates().corrected_variants
        lib = load_library()
        for condition, patterns in self.corrected.items():
            for ex_id in variants[condition].exercises:  # type: ignore[index]
                loads = lib[ex_id].loads
                if loads is None or loads not in blocked_by_valgus or loads in patterns:
                    out.add(ex_id)
        return frozenset(out)


def _pattern(task: str) -> str:
    mapping = settings.templates().load_management.pattern_of_task
    return str(mapping.get(task, task))


def _corrected(movements: list[MovementResult], condition: str, sem: float) -> frozenset[str]:
    """Patterns whose baseline valgus the retest removed: on a side measured both ways the FPPA
    fell by at least the SEM [R1], and no side of the retest is excessive."""
    out = set()
    for retest in (m for m in movements if m.condition == condition):
        sides = {s: r for s, r in retest.sides.items() if s in SIDES}
        if any(r.verdict == "excessive" for r in sides.values()):
            continue
        for base in (m for m in movements if m.condition == "baseline" and m.task == retest.task):
            for side, r in sides.items():
                b = base.sides.get(side)
                known = b is not None and b.fppa_deg is not None and r.fppa_deg is not None
                if known and b.fppa_deg - r.fppa_deg >= sem:  # type: ignore[union-attr,operator]
                    out.add(_pattern(retest.task))
    return frozenset(out)


def justify(screening: Screening, careful: bool) -> Justified:
    movements = screening.facts.movements
    _, sem = measurement_error(movements)
    verdicts: dict[str, str] = {}
    for m in movements:
        if m.condition != "baseline":
            continue
        for side, r in m.sides.items():
            if side not in SIDES or r.verdict not in VERDICT_RANK or r.verdict == "no_reading":
                continue
            pattern = _pattern(m.task)
            old = verdicts.get(pattern)
            if old is None or VERDICT_RANK[str(r.verdict)] > VERDICT_RANK[old]:
                verdicts[pattern] = str(r.verdict)
    corrected = {
        c: pats
        for c in ("heel_elevated", "mini_band")
        if (pats := _corrected(movements, c, sem)) and not careful
    }
    return Justified(pattern_verdict=verdicts, corrected=corrected, careful=careful)


def key_exercises(causes: list[str], likely: set[str]) -> list[str]:
    """The exercises the top cause (and every other likely targeted cause) needs, in cause order."""
    keys = settings.templates().key_exercises
    out: list[str] = []
    for i, cause in enumerate(causes):
        if (i == 0 or cause in likely) and cause in keys:
            out += [e for e in keys[cause].exercises if e not in out]
    return out
