"""Ranked causes -> a weekly corrective program (inhibit -> lengthen -> activate -> integrate).

Fits the person's equipment, sessions per week and minutes per session; starts each chain at the
level the person's tests justify (:mod:`valgus.program.justified`), puts the key exercises of the
top cause first; never loads a movement pattern whose valgus is excessive (its regression is used
instead) except with the correction a retest showed removes the valgus; adds footwear advice when
the foot is the cause, a sport-matched warm-up, the step-up rules and a retest date [R53].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from valgus import settings
from valgus.program.justified import Justified, justify, key_exercises
from valgus.program.library import Exercise, load_library
from valgus.screen.answers import Answers
from valgus.screen.engine import Screening
from valgus.screen.facts import SIDES
from valgus.screen.sources import cite
from valgus.settings.program import TemplatesFile

ALWAYS_AVAILABLE = frozenset({"wall", "chair"})


@dataclass
class Program:
    weeks: int
    minutes_available: int  # what the person said a session may take
    target_causes: list[str]
    sessions: list[dict[str, Any]]
    week_plan: list[dict[str, Any]]
    retest: dict[str, Any]
    progression_rules: dict[str, Any]
    load_management: list[str]
    footwear_advice: str | None
    warmup: dict[str, Any] | None
    notes: list[str] = field(default_factory=list)

    @property
    def sessions_per_week(self) -> int:
        """Counted from the sessions themselves."""
        return len(self.sessions)

    @property
    def minutes_per_session(self) -> int:
        """The longest session, from its exercises (never the time the person offered)."""
        return max((int(s["minutes_estimated"]) for s in self.sessions), default=0)

    @property
    def minutes_per_week(self) -> int:
        """The sessions' minutes added up."""
        return sum(int(s["minutes_estimated"]) for s in self.sessions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "weeks": self.weeks,
            "sessions_per_week": self.sessions_per_week,
            "minutes_per_session": self.minutes_per_session,
            "minutes_per_week": self.minutes_per_week,
            "minutes_available": self.minutes_available,
            "summary": program_summary(
                {
                    "weeks": self.weeks,
                    "sessions": self.sessions,
                    "minutes_available": self.minutes_available,
                }
            ),
            "target_causes": self.target_causes,
            "sessions": self.sessions,
            "week_plan": self.week_plan,
            "retest": self.retest,
            "progression_rules": self.progression_rules,
            "load_management": self.load_management,
            "footwear_advice": self.footwear_advice,
            "warmup": self.warmup,
            "notes": self.notes,
        }


def program_summary(program: dict[str, Any]) -> str:
    """The one summary line every output shows, computed from the sessions it lists:
    "4 weeks, 3 sessions a week of about 15-16 min (47 min a week)"."""
    sessions = program.get("sessions") or []
    minutes = [int(s["minutes_estimated"]) for s in sessions if "minutes_estimated" in s]
    if not minutes or len(minutes) < len(sessions):  # a plan stored before the estimates
        per = "session" if len(sessions) == 1 else "sessions"
        return f"{program.get('weeks')} weeks, {len(sessions)} {per} a week"
    low, high = min(minutes), max(minutes)
    each = f"{low}" if low == high else f"{low}-{high}"
    per = "session" if len(minutes) == 1 else "sessions"
    text = (
        f"{program['weeks']} weeks, {len(minutes)} {per} a week of about {each} min "
        f"({sum(minutes)} min a week)"
    )
    available = program.get("minutes_available")
    if available:
        text += f"; you have up to {available} min a session"
    return text


def target_causes(screening: Screening, limit: int) -> list[str]:
    """Likely then possible causes that exercise can change (structural is worked around)."""
    picks = [c.id for c in screening.ranked("likely", "possible") if c.id != "structural"]
    return picks[:limit]


def blocked_patterns(screening: Screening, extra: set[str]) -> set[str]:
    """Movement patterns not to load: excessive valgus at baseline (load management)."""
    mapping: dict[str, str] = dict(settings.templates().load_management.pattern_of_task)
    blocked = set(extra)
    for m in screening.facts.movements:
        if m.condition == "baseline" and any(
            r.verdict == "excessive" for s, r in m.sides.items() if s in SIDES
        ):
            blocked.add(mapping.get(m.task, m.task))
    return blocked


def _feasible(
    ex: Exercise,
    equipment: set[str],
    blocked: set[str],
    excluded: frozenset[str] = frozenset(),
    exempt: frozenset[str] = frozenset(),
) -> bool:
    """Allowed and possible: not excluded, equipment at hand, its pattern loadable (``exempt``: a
    corrected variant a retest allows although its pattern is held back for its valgus)."""
    return (
        ex.id not in excluded
        and set(ex.equipment) <= equipment
        and (ex.loads is None or ex.loads not in blocked or ex.id in exempt)
    )


def _entry_level(
    ex: Exercise,
    lib: dict[str, Exercise],
    equipment: set[str],
    blocked: set[str],
    causes: list[str],
    excluded: frozenset[str] = frozenset(),
    exempt: frozenset[str] = frozenset(),
) -> bool:
    """True when the exercise starts its chain for this person (no feasible, relevant regression)."""
    reg = lib.get(ex.regression) if ex.regression else None
    return (
        reg is None
        or not _feasible(reg, equipment, blocked, excluded, exempt)
        or not (set(reg.targets.causes) & set(causes))
    )


def _seconds(ex: Exercise, template: TemplatesFile) -> int:
    work = ex.dose.sets * ((ex.dose.reps or 1) * template.seconds_per_rep + (ex.dose.hold_s or 0))
    sides = 2 if ex.loads in ("single_leg",) or ex.phase in ("inhibit", "lengthen") else 1
    rest = (ex.dose.sets - 1) * template.rest_between_sets_s
    return int(work * sides + rest + template.changeover_s)


def _substitute(
    ex: Exercise,
    lib: dict[str, Exercise],
    equipment: set[str],
    blocked: set[str],
    excluded: frozenset[str] = frozenset(),
    exempt: frozenset[str] = frozenset(),
) -> Exercise | None:
    """The exercise, or (load management, safety) its first regression that is allowed."""
    seen = set()
    while (
        (
            ex.id in excluded
            or (ex.loads is not None and ex.loads in blocked and ex.id not in exempt)
        )
        and ex.regression
        and ex.id not in seen
    ):
        seen.add(ex.id)
        ex = lib[ex.regression]
    return ex if _feasible(ex, equipment, blocked, excluded, exempt) else None


def _candidates(
    causes: list[str],
    equipment: set[str],
    blocked: set[str],
    excluded: frozenset[str] = frozenset(),
    *,
    exempt: frozenset[str] = frozenset(),
    justified: Justified | None = None,
    keys: tuple[str, ...] = (),
) -> dict[str, list[Exercise]]:
    """Exercises for the causes by phase, best first (the causes' key exercises before all).

    An activation or integration exercise qualifies when it starts its chain for this person,
    when their tests justify its level (``justified.max_level``), when it is a key exercise of the
    causes or a corrected variant a retest allows (``exempt``); keys and variants need no pain above
    2/10 and no injury signs. A borderline pattern is never loaded above level 2."""
    lib = load_library()
    justified = justified or Justified({}, {}, careful=True)
    weight = {c: len(causes) - i for i, c in enumerate(causes)}
    best: dict[str, tuple[float, Exercise]] = {}
    for original in lib.values():
        score = float(sum(weight.get(c, 0) for c in original.targets.causes))
        ex = _substitute(original, lib, equipment, blocked, excluded, exempt) if score else None
        if ex is None:
            continue
        cap = justified.level_cap(ex)
        if cap is not None and ex.level > cap:
            continue
        staged = ex.phase in ("activate", "integrate")
        chosen = (ex.id in keys and not justified.careful) or ex.id in exempt
        if (
            staged
            and ex is original
            and not chosen
            and ex.level > justified.max_level(ex)
            and not _entry_level(ex, lib, equipment, blocked, causes, excluded, exempt)
        ):
            continue
        if ex.id not in best or best[ex.id][0] < score:
            best[ex.id] = (score, ex)
    by_phase: dict[str, list[tuple[float, Exercise]]] = {}
    for item in best.values():
        by_phase.setdefault(item[1].phase, []).append(item)
    rank = {k: i for i, k in enumerate(keys)}
    return {
        p: [
            e
            for _, e in sorted(
                v, key=lambda t: (rank.get(t[1].id, len(rank)), -t[0], t[1].level, t[1].id)
            )
        ]
        for p, v in by_phase.items()
    }


def _item(ex: Exercise, causes: list[str]) -> dict[str, Any]:
    lib = load_library()
    return {
        "id": ex.id,
        "name": ex.name,
        "phase": ex.phase,
        "level": ex.level,
        "dose": ex.dose.model_dump(exclude_none=True),
        "dose_text": ex.dose.text(),
        "targets": [c for c in ex.targets.causes if c in causes],
        "muscles": ex.targets.muscles,
        "equipment": ex.equipment,
        "cues": ex.cues,
        "mistakes": ex.mistakes,
        "progression": lib[ex.progression].name if ex.progression else None,
        "regression": lib[ex.regression].name if ex.regression else None,
        "contraindications": ex.contraindications,
        "sources": ex.sources,
    }


def _fill(
    pools: dict[str, list[Exercise]],
    budget_s: int,
    template: TemplatesFile,
    avoid: set[str],
    keys: tuple[str, ...] = (),
) -> list[Exercise]:
    """The causes' key exercises first (in key order, within the time budget; they do not count
    against the per-phase caps), then round-robin over phases (best first, those in ``avoid``
    last) until the time budget is used."""
    chosen: list[Exercise] = []
    used = 0
    by_id = {e.id: e for pool in pools.values() for e in pool}
    for key in keys:
        ex = by_id.get(key)
        if ex is not None and (used + _seconds(ex, template) <= budget_s or not chosen):
            chosen.append(ex)
            used += _seconds(ex, template)
    caps = template.max_exercises_per_phase
    for round_ in range(max(caps.values())):
        for phase in template.phases:
            pool = sorted(
                (e for e in pools.get(phase, []) if e.id not in keys), key=lambda e: e.id in avoid
            )
            if round_ >= min(len(pool), caps[phase]):
                continue
            ex = pool[round_]
            cost = _seconds(ex, template)
            if used + cost <= budget_s or not chosen:
                chosen.append(ex)
                used += cost
    order = {p: i for i, p in enumerate(template.phases)}
    return sorted(chosen, key=lambda e: order[e.phase])


def _variants(
    pools: dict[str, list[Exercise]],
    budget: int,
    template: TemplatesFile,
    count: int,
    keys: tuple[str, ...] = (),
) -> list[list[Exercise]]:
    """Up to ``count`` different sessions: each later one puts activation and integration
    exercises not used before first (the key exercises stay in every session); one that brings
    nothing new is not kept."""

    def core(session: list[Exercise]) -> set[str]:
        return {e.id for e in session if e.phase in ("activate", "integrate") and e.id not in keys}

    variants = [_fill(pools, budget, template, set(), keys)]
    used_core = core(variants[0])
    while len(variants) < count:
        nxt = _fill(pools, budget, template, used_core, keys)
        if not core(nxt) - used_core:
            break
        variants.append(nxt)
        used_core |= core(nxt)
    return variants


def _sessions(
    pools: dict[str, list[Exercise]],
    answers: Answers,
    causes: list[str],
    template: TemplatesFile,
    keys: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """One entry per training day, each with its own name ("Day 2: session B") and its minutes
    estimated from its own exercises."""
    prefs = answers.preferences
    budget = prefs.minutes_per_session * 60
    variants = _variants(pools, budget, template, prefs.sessions_per_week, keys)
    sessions = []
    for day in range(prefs.sessions_per_week):
        plan = variants[day % len(variants)]
        sessions.append(
            {
                "name": f"Day {day + 1}: session {chr(65 + day % len(variants))}",
                "minutes_estimated": round(sum(_seconds(e, template) for e in plan) / 60),
                "exercises": [_item(e, causes) for e in plan],
            }
        )
    return sessions


def _warmup(answers: Answers, template: TemplatesFile) -> dict[str, Any] | None:
    sport = (answers.person.sport or "").lower()
    for w in template.warmups:
        if sport and any(s in sport for s in w.for_sports):
            return {
                "id": w.id,
                "name": w.name,
                "dose": w.dose,
                "effect": w.effect,
                "sources": [cite(k) for k in w.sources],
            }
    return None


def _load_notes(
    blocked: set[str], held_for_valgus: set[str], justified: Justified, exempt: frozenset[str]
) -> list[str]:
    """What is not loaded and why, what stays low, and what a corrective retest allows."""
    template, lib = settings.templates(), load_library()
    cap = template.start_level.loaded_pattern_borderline
    return (
        [template.load_management.excessive_rule]
        + [f"Not loaded for now: {p.replace('_', '-')} pattern." for p in sorted(blocked)]
        + [
            f"The {pattern.replace('_', '-')} pattern was borderline (within measurement error "
            f"of a cut-off): its exercises stay at level {cap} or below until a retest."
            for pattern, verdict in sorted(justified.pattern_verdict.items())
            if verdict == "borderline" and pattern not in blocked
        ]
        + [
            f"{lib[i].name} is allowed although the {str(lib[i].loads).replace('_', '-')} "
            "pattern is held back: the retest with that correction removed the valgus."
            for i in sorted(exempt)
            if lib[i].loads in held_for_valgus
        ]
    )


def build_program(
    screening: Screening,
    answers: Answers,
    referral: Any = None,
    retest_weeks: int | None = None,
    *,
    blocked_extra: frozenset[str] = frozenset(),
    excluded: frozenset[str] = frozenset(),
    careful: bool = False,
) -> Program | None:
    """The weekly program, or None when a red flag replaces it (``referral.red_flag``).

    ``blocked_extra``: movement patterns not to load and ``excluded``: exercise ids not to
    prescribe, from the person's state (the safety rules of :mod:`valgus.plan.safety`);
    ``careful``: pain above 2/10 or signs of injury (those rules fired): every chain starts at
    level 1 and no corrective variant or key exercise skips a level."""
    if referral is not None and referral.red_flag:
        return None
    template = settings.templates()
    causes = target_causes(screening, template.max_causes)
    notes = []
    structural = [
        c
        for c in screening.causes
        if c.id == "structural" and c.likelihood in ("likely", "possible")
    ]
    if not causes:
        causes = ["poor_motor_control"]
        notes.append(
            f"Only structural alignment was rated {structural[0].likelihood}, and exercise does "
            "not change bone shape: a movement-quality program is given for control."
            if structural
            else "No cause was rated likely or possible: a short movement-quality and "
            "prevention program is given instead of a corrective one."
        )
    elif structural:
        notes.append(
            "Structural alignment may contribute; exercise will not change bone shape, so "
            "judge progress on control and symptoms, not on the angle alone."
        )
    pain_reasons = {r.id for r in getattr(referral, "reasons", [])}
    extra = (
        set(template.load_management.pain_moderate_excludes)
        if pain_reasons & {"moderate_pain", "persistent_pain"}
        else set()
    )
    for_safety = extra | set(blocked_extra)
    held_for_valgus = blocked_patterns(screening, set())
    blocked = held_for_valgus | for_safety
    equipment = set(answers.preferences.equipment) | ALWAYS_AVAILABLE
    justified = justify(screening, careful)
    lib = load_library()
    exempt = frozenset(
        i
        for i in justified.corrected_exercises(held_for_valgus)
        if i not in excluded and lib[i].loads not in for_safety
    )
    likely = {c.id for c in screening.ranked("likely")}
    keys = tuple(key_exercises(causes, likely))
    pools = _candidates(
        causes, equipment, blocked, excluded, exempt=exempt, justified=justified, keys=keys
    )
    if not pools.get("integrate") and "poor_motor_control" not in causes:
        # every corrective programme ends with integration [R53]: movement-quality work
        general = _candidates(
            ["poor_motor_control"], equipment, blocked, excluded, justified=justified
        )
        pools["integrate"] = general.get("integrate", [])
    rt = template.retest.weeks
    weeks = max(rt.min, min(rt.max, retest_weeks or rt.default))
    start = answers.assessment_date or dt.date.today()
    load_notes = _load_notes(blocked, held_for_valgus, justified, exempt)
    return Program(
        weeks=weeks,
        minutes_available=answers.preferences.minutes_per_session,
        target_causes=causes,
        sessions=_sessions(pools, answers, causes, template, keys),
        week_plan=[w.model_dump() for w in template.weeks if w.week <= weeks],
        retest={
            "after_weeks": weeks,
            "date": (start + dt.timedelta(weeks=weeks)).isoformat(),
            "what": "repeat the same movement tests with the same camera set-up",
            "sources": [cite(k) for k in rt.sources],
        },
        progression_rules=template.progression_rules.model_dump(),
        load_management=load_notes,
        footwear_advice=template.footwear.foot_overpronation
        if "foot_overpronation" in likely or causes[0] == "foot_overpronation"
        else None,
        warmup=_warmup(answers, template),
        notes=notes,
    )
