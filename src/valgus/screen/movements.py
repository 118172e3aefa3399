"""Movement results: read `valgus analyze` JSON (docs/analysis-json.md) or typed-in numbers.

Both forms become :class:`MovementResult`: one task, one condition (baseline / heel_elevated /
mini_band), per side the mean of the readings, and the measurement error of the FPPA.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from valgus.assess.headline import measurement_error
from valgus.assess.norms import Norm, fppa_error, fppa_norm, knee_over_foot_norm
from valgus.assess.verdicts import classify
from valgus.errors import AnswersError
from valgus.screen.answers import Answers, Movement
from valgus.tasks import Sex, get_task

SINGLE_LEG_TASKS = frozenset({"single-leg-squat", "step-down", "single-leg-landing", "lunge"})
LANDING_TASKS = frozenset({"drop-jump", "single-leg-landing"})
VERDICT_RANK = {"no_reading": -1, "normal": 0, "borderline": 1, "excessive": 2}
SIDE_METRICS = (
    "fppa_deg",
    "pelvic_drop_deg",
    "trunk_lean_deg",
    "knee_flexion_deg",
    "knee_over_foot",
    "kasr",
)


@dataclass(frozen=True)
class SideResult:
    """Mean readings of one side; None means no reading."""

    fppa_deg: float | None = None
    static_fppa_deg: float | None = None
    pelvic_drop_deg: float | None = None
    trunk_lean_deg: float | None = None
    knee_flexion_deg: float | None = None
    knee_over_foot: float | None = None
    kasr: float | None = None
    verdict: str | None = None


@dataclass(frozen=True)
class MovementResult:
    task: str
    condition: str
    sides: dict[str, SideResult]
    fppa_sdd_deg: float | None
    fppa_sem_deg: float | None
    label: str
    notes: list[str] = field(default_factory=list)

    @property
    def single_leg(self) -> bool:
        return self.task in SINGLE_LEG_TASKS


def _mean(values: list[float | None]) -> float | None:
    good = [float(v) for v in values if isinstance(v, int | float) and math.isfinite(v)]
    return sum(good) / len(good) if good else None


def _metric(rep: dict[str, Any], name: str) -> float | None:
    entry = (rep.get("metrics") or {}).get(name)
    if isinstance(entry, dict):
        value = entry.get("value")
        return float(value) if isinstance(value, int | float) else None
    value = rep.get(name)
    return float(value) if isinstance(value, int | float) else None


def _side_from_json(data: dict[str, Any], side: str) -> SideResult | None:
    reps = [r for r in data.get("reps") or [] if isinstance(r, dict) and r.get("side") == side]
    summary = (data.get("summary") or {}).get(side) or {}
    static = (data.get("static") or {}) or {}
    static_side = static.get(side) or {} if isinstance(static, dict) else {}
    if not reps and not summary:
        return None
    fppa = summary.get("fppa_mean_deg")
    if not isinstance(fppa, int | float):
        fppa = _mean([r.get("fppa_deg") for r in reps])
    verdict = summary.get("verdict")
    if verdict is None and reps:
        ranked = [str(r["verdict"]) for r in reps if r.get("verdict") in VERDICT_RANK]
        verdict = max(ranked, key=lambda v: VERDICT_RANK[v]) if ranked else None
    values = {name: _mean([_metric(r, name) for r in reps]) for name in SIDE_METRICS[1:]}
    return SideResult(
        fppa_deg=fppa, static_fppa_deg=static_side.get("fppa_deg"), verdict=verdict, **values
    )


def movement_from_analysis(data: dict[str, Any], condition: str = "baseline") -> dict[str, Any]:
    """A stored ``valgus analyze`` result as a typed-in movement entry of the answers (no path).

    The web screening form offers an athlete's stored trials; the chosen trial's per-side means
    become numbers, so the answers never name a file on the server.
    """
    if not isinstance(data, dict) or "task" not in data or "reps" not in data:
        raise AnswersError("this stored result lacks task/reps; it cannot be used as a movement.")
    entry: dict[str, Any] = {"task": str(data["task"]), "condition": condition}
    for side in ("left", "right"):
        result = _side_from_json(data, side)
        if result is not None:
            values = {k: v for k, v in asdict(result).items() if v is not None}
            if values:
                entry[side] = values
    if "left" not in entry and "right" not in entry:
        raise AnswersError(f"the stored {data['task']} result has no reading on either side.")
    error = data.get("measurement_error") or {}
    for key in ("fppa_sdd_deg", "fppa_sem_deg"):
        if isinstance(error.get(key), int | float):
            entry[key] = float(error[key])
    return entry


def _read_json(movement: Movement, base_dir: Path | None, sex: Sex | None = None) -> MovementResult:
    path = Path(movement.file or "")
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise AnswersError(
            f"answers field movements: the analysis file {path} cannot be read; check the path "
            "(relative paths are resolved next to the answers file)."
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise AnswersError(
            f"answers field movements: {path} is not JSON from valgus analyze --json."
        ) from None
    if not isinstance(data, dict) or "task" not in data or "reps" not in data:
        raise AnswersError(
            f"answers field movements: {path} lacks task/reps; give a file written by valgus analyze --json."
        )
    try:
        return _judge_json(movement, data, sex, path)
    except (AttributeError, TypeError, KeyError, ValueError):
        raise AnswersError(
            f"answers field movements: {path} is not shaped like a file written by "
            "valgus analyze --json (its reps or summary have the wrong form)."
        ) from None


def _judge_json(
    movement: Movement, data: dict[str, Any], sex: Sex | None, path: Path
) -> MovementResult:
    error = data.get("measurement_error") or {}
    sem = float(error.get("fppa_sem_deg") or fppa_error()[0])
    sides: dict[str, SideResult] = {}
    notes = []
    for s in ("left", "right"):
        read = _side_from_json(data, s)
        if read is None:
            continue
        sides[s], note = _judged_side(asdict(read), read.verdict, str(data["task"]), sex, sem)
        if note:
            notes.append(f"{s} side: {note}")
    if not (data.get("camera") or {}).get("ok", True):
        notes.append(f"{path.name}: camera view refused frontal metrics")
    return MovementResult(
        task=str(data["task"]),
        condition=movement.condition,
        sides=sides,
        fppa_sdd_deg=error.get("fppa_sdd_deg"),
        fppa_sem_deg=error.get("fppa_sem_deg"),
        label=path.name,
        notes=notes,
    )


def judge_entered(value: float, norm: Norm, sem: float) -> str:
    """The verdict of a typed-in number: the norms of ``valgus analyze`` (assess/), and a value
    within the measurement error (SEM) of a cut-off is borderline (retest), never normal or
    excessive on its own."""
    verdict = classify(value, norm)
    near = min(abs(value - norm.normal_max), abs(value - norm.excessive_above)) < sem
    return "borderline" if near else verdict


def _judged_side(
    values: dict[str, Any], given: str | None, task: str, sex: Sex | None, fppa_sem: float
) -> tuple[SideResult, str | None]:
    """One side's mean numbers with the verdict the tool gives them, and a note when a verdict
    given with them (typed in, or stored by ``valgus analyze`` for the worst rep) disagrees.

    Files and typed-in numbers (the web form's stored trials) both come through here, so the same
    numbers always get the same verdict: one judgement of movement numbers."""
    values = {k: v for k, v in values.items() if k != "verdict"}
    spec = get_task(task)
    headline = spec.headline_for(three_d=False)
    judged: str | None = None
    basis = ""
    if values.get("fppa_deg") is not None:
        norm = fppa_norm(spec, sex)
        judged = judge_entered(float(values["fppa_deg"]), norm, fppa_sem)
        basis = (
            f"mean FPPA {values['fppa_deg']:.1f}° against normal ≤{norm.normal_max:g}° and "
            f"excessive >{norm.excessive_above:g}°, ±{fppa_sem:g}° measurement error"
        )
    elif values.get("knee_over_foot") is not None:
        key = "knee_over_foot_descent" if headline == "knee_over_foot_descent" else "knee_over_foot"
        norm = knee_over_foot_norm(
            "squat_descent" if key == "knee_over_foot_descent" else "default"
        )
        judged = judge_entered(float(values["knee_over_foot"]), norm, measurement_error(key)[0])
        basis = (
            f"knee over foot {values['knee_over_foot']:+.2f} against normal ≤{norm.normal_max:g}"
        )
    verdict = judged or given
    note = None
    if given is not None and judged is not None and given != judged:
        note = (
            f"{spec.label}: the verdict given with the numbers ({given}) was replaced by the "
            f"tool's own ({judged}; {basis}, same norms as valgus analyze)"
        )
    return SideResult(**values, verdict=verdict), note


def _from_numbers(movement: Movement, sex: Sex | None = None) -> MovementResult:
    sem = movement.fppa_sem_deg if movement.fppa_sem_deg is not None else fppa_error()[0]
    sdd = movement.fppa_sdd_deg if movement.fppa_sdd_deg is not None else fppa_error()[1]
    sides: dict[str, SideResult] = {}
    notes: list[str] = []
    for s in ("left", "right"):
        numbers = getattr(movement, s)
        if numbers is None:
            continue
        values = numbers.model_dump()
        sides[s], note = _judged_side(values, values["verdict"], str(movement.task), sex, sem)
        if note:
            notes.append(f"{s} side: {note}")
    return MovementResult(
        task=str(movement.task),
        condition=movement.condition,
        sides=sides,
        fppa_sdd_deg=sdd,
        fppa_sem_deg=sem,
        label=f"{movement.task} ({movement.condition}, entered)",
        notes=notes,
    )


def load_movements(answers: Answers) -> list[MovementResult]:
    """All movement results of the answers, files read and numbers normalised."""
    base = Path(answers.base_dir) if answers.base_dir else None
    out = []
    for movement in answers.movements:
        result = (
            _read_json(movement, base, answers.person.sex)
            if movement.file
            else _from_numbers(movement, answers.person.sex)
        )
        if movement.fppa_sdd_deg is not None or movement.fppa_sem_deg is not None:
            result = MovementResult(
                result.task,
                result.condition,
                result.sides,
                movement.fppa_sdd_deg or result.fppa_sdd_deg,
                movement.fppa_sem_deg or result.fppa_sem_deg,
                result.label,
                result.notes,
            )
        out.append(result)
    return out
