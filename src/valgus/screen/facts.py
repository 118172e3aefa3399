"""Facts: the per-side numbers the rules read, derived from answers and movement results.

A fact is a name -> value (float, bool or None = unknown) per side. The rules (data) compare facts
with thresholds; this module only derives them (unit conversion, retest differences, worst values).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from valgus import settings
from valgus.assess.norms import fppa_error
from valgus.screen.answers import Answers
from valgus.screen.movements import LANDING_TASKS, VERDICT_RANK, MovementResult, load_movements

SIDES = ("left", "right")
FactValue = float | bool | None


@dataclass(frozen=True)
class Facts:
    """Facts per side plus the person's sex (for sex-specific thresholds)."""

    sides: dict[str, dict[str, FactValue]]
    sex: str | None
    movements: list[MovementResult]

    def get(self, side: str, name: str) -> FactValue:
        return self.sides[side].get(name)

    def available(self, name: str) -> bool:
        return any(self.sides[s].get(name) is not None for s in SIDES)


def _worst(values: Iterable[float | None], pick: Callable[..., float] = max) -> float | None:
    good = [v for v in values if v is not None]
    return pick(good) if good else None


def _clinical(answers: Answers, side: str) -> dict[str, FactValue]:
    c = answers.clinical
    conv = settings.screen_settings().conversions.wblt_deg_per_cm.value

    def val(entry: Any) -> Any:
        return None if entry is None else entry.get(side)

    wblt_cm = val(c.weight_bearing_lunge_cm)
    wblt_deg = val(c.weight_bearing_lunge_deg)
    if wblt_cm is None and wblt_deg is not None:
        wblt_cm = wblt_deg / conv
    adductor = val(c.adductor_length)
    return {
        "wblt_cm": wblt_cm,
        "navicular_drop_mm": val(c.navicular_drop_mm),
        "foot_posture_index": val(c.foot_posture_index),
        "hip_abduction_pct_bw": val(c.hip_abduction_strength_pct_bw),
        "hip_external_rotation_pct_bw": val(c.hip_external_rotation_strength_pct_bw),
        "q_angle_deg": val(c.q_angle_deg),
        "craigs_test_deg": val(c.craigs_test_deg),
        "thomas_knee_flexion_deg": val(c.thomas_test_knee_flexion_deg),
        "thomas_hip_angle_deg": val(c.thomas_test_hip_angle_deg),
        "adductor_restricted": None if adductor is None else adductor == "restricted",
    }


def _fppa(
    movements: list[MovementResult], side: str, condition: str, tasks: Callable[[str], bool]
) -> dict[str, float]:
    """FPPA per task for one side and condition."""
    out: dict[str, float] = {}
    for m in movements:
        r = m.sides.get(side)
        if m.condition == condition and tasks(m.task) and r is not None and r.fppa_deg is not None:
            out[m.task] = max(out.get(m.task, r.fppa_deg), r.fppa_deg)
    return out


def _reduction(movements: list[MovementResult], side: str, condition: str) -> float | None:
    """Largest baseline-minus-retest FPPA of one side, same task when possible."""
    base = _fppa(movements, side, "baseline", lambda t: True)
    retest = _fppa(movements, side, condition, lambda t: True)
    if not base or not retest:
        return None
    pairs = [(base[t], retest[t]) for t in retest if t in base]
    if not pairs:  # different tasks: compare with the largest baseline valgus
        pairs = [(max(base.values()), v) for v in retest.values()]
    return max(b - r for b, r in pairs)


def _movement_facts(movements: list[MovementResult], side: str) -> dict[str, FactValue]:
    baseline = [m for m in movements if m.condition == "baseline"]
    results = [(m, m.sides[side]) for m in baseline if side in m.sides]
    single = [(m, r) for m, r in results if m.single_leg]
    bilateral = [(m, r) for m, r in results if not m.single_leg]
    landing = [(m, r) for m, r in results if m.task in LANDING_TASKS]
    squats = [(m, r) for m, r in results if m.task not in LANDING_TASKS]
    ranks = [VERDICT_RANK.get(r.verdict or "", -1) for _, r in results]
    sl_fppa = _worst(r.fppa_deg for _, r in single)
    bi_fppa = _worst(r.fppa_deg for _, r in bilateral if _.task == "bilateral-squat")
    sl_ranks = [VERDICT_RANK.get(r.verdict or "", -1) for _, r in single]
    squat_ranks = [VERDICT_RANK.get(r.verdict or "", -1) for _, r in squats]
    landing_ranks = [VERDICT_RANK.get(r.verdict or "", -1) for _, r in landing]
    lean = _worst(abs(r.trunk_lean_deg) for _, r in single if r.trunk_lean_deg is not None)
    static = _worst(r.static_fppa_deg for _, r in results)
    return {
        "single_leg_measured": True if single else None,
        "landing_measured": True if landing else None,
        "valgus_seen": (max(ranks) >= 1) if ranks and max(ranks) >= 0 else None,
        "valgus_excessive": (max(ranks) >= 2) if ranks and max(ranks) >= 0 else None,
        "all_baseline_normal": (max(ranks) == 0) if ranks and max(ranks) >= 0 else None,
        "single_leg_excessive": (max(sl_ranks) >= 2) if sl_ranks and max(sl_ranks) >= 0 else None,
        "single_leg_fppa_deg": sl_fppa,
        "bilateral_fppa_deg": bi_fppa,
        "single_minus_bilateral_deg": None
        if sl_fppa is None or bi_fppa is None
        else sl_fppa - bi_fppa,
        "landing_worse_than_squats": None
        if not landing_ranks or not squat_ranks
        else max(landing_ranks) >= 2 and max(squat_ranks) == 0,
        "pelvic_drop_deg": _worst(r.pelvic_drop_deg for _, r in single),
        "trunk_lean_deg": lean,
        "landing_knee_flexion_deg": _worst((r.knee_flexion_deg for _, r in landing), min),
        "static_fppa_deg": static,
        "heel_lift_reduction_deg": _reduction(movements, side, "heel_elevated"),
        "mini_band_reduction_deg": _reduction(movements, side, "mini_band"),
    }


def measurement_error(movements: list[MovementResult]) -> tuple[float, float]:
    """FPPA SDD and SEM: the largest reported by the movement files, else the defaults [R1]."""
    default_sem, default_sdd, _ = fppa_error()  # norms.yaml measurement_error [R1]
    sdd = _worst(m.fppa_sdd_deg for m in movements) or default_sdd
    sem = _worst(m.fppa_sem_deg for m in movements) or default_sem
    return float(sdd), float(sem)


def derive_facts(answers: Answers) -> Facts:
    """Every fact the rules can read, per side."""
    movements = load_movements(answers)
    sdd, sem = measurement_error(movements)
    sides: dict[str, dict[str, FactValue]] = {}
    for side in SIDES:
        facts = {**_clinical(answers, side), **_movement_facts(movements, side)}
        facts["fppa_sdd_deg"] = sdd
        facts["fppa_sem_deg"] = sem
        sides[side] = facts
    for side, other in (("left", "right"), ("right", "left")):
        mine, theirs = sides[side]["wblt_cm"], sides[other]["wblt_cm"]
        sides[side]["wblt_deficit_vs_other_cm"] = (
            None if mine is None or theirs is None else float(theirs) - float(mine)  # type: ignore[arg-type]
        )
    return Facts(sides=sides, sex=answers.person.sex, movements=movements)
