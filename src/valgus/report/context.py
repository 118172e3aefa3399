"""Everything the report template shows, gathered from the store (never recomputed analysis)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Any

import yaml

from valgus.analysis.model import HeadlineHeader, MeasurementError, Norm, part_of
from valgus.assess.headline import (
    error_text,
    format_amount,
    format_value,
    norm_text,
    spec,
    summarise_rows,
    threshold_text,
)
from valgus.program.render import summary_line
from valgus.progress import progress
from valgus.progress.settings import settings
from valgus.report import figures
from valgus.screen.engine import MARKER
from valgus.store.history import History, SessionRecord, TrialRecord

VERDICT_ORDER = ("no_reading", "normal", "borderline", "excessive")


@cache
def wording() -> dict[str, Any]:
    """Plain-language text of the report (templates/wording.yaml)."""
    text = resources.files("valgus.report").joinpath("templates/wording.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _mean(values: list[float | None]) -> float | None:
    finite = [v for v in values if v is not None]
    return sum(finite) / len(finite) if finite else None


def _worst_rep(reps: list[dict[str, Any]]) -> dict[str, Any] | None:
    readings = [r for r in reps if r["fppa_deg"] is not None]
    return max(readings, key=lambda r: r["fppa_deg"]) if readings else None


def _norm(trial: TrialRecord) -> Norm | None:
    """The trial's FPPA norm (docs/analysis-json.md ``norm``; a rep's norm for files without one)."""
    found = part_of(trial.analysis, "norm", Norm)
    for rep in trial.analysis.get("reps") or []:
        found = found or part_of(rep, "norm", Norm)
    return found


def _norm_row(
    header: HeadlineHeader | None,
    fppa: Norm | None,
    error: MeasurementError | None,
    fppa_sdd: float,
) -> dict[str, str]:
    """The norms table's row: the measure the verdicts rest on, its thresholds and error, each
    formatted in its unit (the FPPA's for analyses before schema 1.2)."""
    if header is not None and header.norm is not None:
        unit, norm = header.unit, header.norm
        return {
            "measure": header.label,
            "normal": threshold_text(norm.normal_max, unit),
            "excessive": threshold_text(norm.excessive_above, unit),
            "source": norm.source,
            "sem": format_amount(header.sem, unit),
            "sdd": format_amount(header.sdd, unit),
            "error_source": header.error_source,
        }
    return {
        "measure": "FPPA",
        "normal": "–" if fppa is None else threshold_text(fppa.normal_max, "deg"),
        "excessive": "–" if fppa is None else threshold_text(fppa.excessive_above, "deg"),
        "source": "–" if fppa is None else fppa.source,
        "sem": "–" if error is None else format_amount(error.fppa_sem_deg, "deg"),
        "sdd": format_amount(fppa_sdd, "deg"),
        "error_source": "R1 Munro 2012" if error is None else error.source,
    }


def _still(trial: TrialRecord, worst: dict[str, Any]) -> dict[str, Any]:
    path = (trial.analysis.get("artifacts") or {}).get("worst_rep_still")
    if path:
        from pathlib import Path

        still = Path(path)
        if still.is_file():
            import base64

            data = base64.b64encode(still.read_bytes()).decode("ascii")
            return {"src": f"data:image/png;base64,{data}", "schematic": False}
    return {
        "src": figures.stick_figure(worst["fppa_deg"], worst["side"], worst.get("knee_over_foot")),
        "schematic": True,
    }


def _bars(trial: TrialRecord, header: HeadlineHeader | None, fppa_sdd: float) -> str:
    """Per-rep bars of what the verdicts rest on (the FPPA for analyses without a headline)."""
    if header is None or header.metric == "fppa_deg":
        return figures.rep_bars(trial.reps, _norm(trial), fppa_sdd)
    percent = header.unit == "leg_length"
    return figures.rep_bars(
        trial.reps,
        header.norm,
        header.sdd,
        key="headline_value",
        scale=100.0 if percent else 1.0,
        unit="%" if percent else "°",
        ylabel=f"{spec(header.metric).short} ({'% leg length, medial +' if percent else '°'})",
    )


def _trial_context(trial: TrialRecord) -> dict[str, Any]:
    words = wording()
    analysis = trial.analysis
    header = part_of(analysis, "headline", HeadlineHeader)  # schema >= 1.2
    error = part_of(analysis, "measurement_error", MeasurementError)
    sdd = error.fppa_sdd_deg if error else settings().fppa_sdd_deg
    fppa_norm = _norm(trial)
    worst = _worst_rep(trial.reps)
    sides = sorted({r["side"] for r in trial.reps})
    summary = analysis.get("summary") or {}
    side_rows = []
    for side in sides:
        reps = [r for r in trial.reps if r["side"] == side]
        s = summary.get(side) or {}
        head = summarise_rows(reps)
        side_rows.append(
            {
                "side": side,
                "headline": head,
                "headline_short": None if head is None else spec(head.metric).short,
                "n_reps": len(reps),
                "n_readings": sum(r["verdict"] != "no_reading" for r in reps),
                "mean": _mean([r["fppa_deg"] for r in reps]),
                "max": max(
                    (r["fppa_deg"] for r in reps if r["fppa_deg"] is not None), default=None
                ),
                "kof": _mean([r["knee_over_foot"] for r in reps]),
                "hip": _mean([r["hip_adduction_deg"] for r in reps]),
                "verdict": s.get("verdict")
                or max((r["verdict"] for r in reps), key=VERDICT_ORDER.index),
            }
        )
    verdict = trial.verdict or "no_reading"
    over_time = [
        figures.fppa_over_time(analysis["series"], side)
        for side in sides
        if isinstance(analysis.get("series"), dict)
    ]
    return {
        "task": trial.task,
        "task_label": words["tasks"].get(trial.task, trial.task),
        "side": trial.side,
        "source": trial.source_name,
        "verdict": verdict,
        "verdict_label": words["verdicts"].get(verdict, verdict),
        "risk": words["risks"].get(verdict, ""),
        "camera": analysis.get("camera") or {},
        "quality": analysis.get("quality") or {},
        "norm": fppa_norm,
        "sides": side_rows,
        "reps": [
            {
                **r,
                "headline_text": format_value(
                    r.get("headline_value"),
                    spec(r["headline_metric"]).unit if r.get("headline_metric") else "deg",
                ),
            }
            for r in trial.reps
        ],
        "headline": header,
        "norm_row": _norm_row(header, fppa_norm, error, sdd),
        "headline_norm": None if header is None else norm_text(header),
        "headline_error": None if header is None else error_text(header),
        "bars": _bars(trial, header, sdd) if trial.reps else None,
        "over_time": [f for f in over_time if f],
        "worst": worst,
        "still": _still(trial, worst) if worst else None,
        "asymmetry": summary.get("asymmetry_fppa_deg"),
        "software": f"valgus {trial.software_version}"
        + (f" · {trial.model_name}" if trial.model_name else ""),
    }


def _program_items(program: dict[str, Any]) -> list[dict[str, Any]]:
    """Sessions of the plan (docs/program.md): each exercise with its dose, how-to and caution."""
    items: list[dict[str, Any]] = []
    for index, block in enumerate(program.get("sessions") or [], start=1):
        title = block.get("name") or block.get("title") or f"Session {index}"
        rows = []
        for ex in block.get("exercises") or []:
            cues = ex.get("cues") or []
            rows.append(
                {
                    "name": ex.get("name") or ex.get("id", "exercise"),
                    "phase": ex.get("phase") or "",
                    "dose": ex.get("dose_text") or "",
                    "how": "; ".join(cues) if isinstance(cues, list) else str(cues),
                    "avoid": "; ".join(ex.get("mistakes") or []),
                    "next": ex.get("progression") or "",
                }
            )
        minutes = block.get("minutes_estimated")
        same = next((it for it in items if it["rows"] == rows), None)
        if same is not None:  # identical sessions are shown once: "Session A (days 1, 2, 3)"
            same["days"].append(title)
            continue
        items.append({"title": title, "minutes": minutes, "rows": rows, "days": [title]})
    for it in items:
        if len(it["days"]) > 1:
            it["title"] = " · ".join(it["days"])
    return items


def _reason_text(reason: Any) -> str:
    if isinstance(reason, str):
        return reason
    who, why = reason.get("who"), reason.get("why") or reason.get("text")
    return f"{why} — see: {who}" if who and why else str(why or who or reason)


def _evidence_text(item: Any) -> str:
    """One evidence line with its for / against / borderline marker (as in the terminal)."""
    if isinstance(item, str):
        return item
    text = str(item.get("text") or item)
    return f"{MARKER.get(str(item.get('direction')), '-')} {text}"


def _plan_context(plan: dict[str, Any] | None) -> dict[str, Any] | None:
    if not plan:
        return None
    causes = []
    for cause in plan.get("causes") or []:
        evidence = cause.get("evidence") or []
        if isinstance(evidence, str | dict):
            evidence = [evidence]
        causes.append(
            {
                "name": cause.get("name")
                or cause.get("title")
                or str(cause.get("id", "")).replace("_", " ").capitalize(),
                "likelihood": cause.get("likelihood"),
                "evidence": [_evidence_text(e) for e in evidence],
            }
        )
    referral = plan.get("referral") or {}
    program = plan.get("program") or {}
    return {
        "causes": causes,
        "referral_needed": bool(referral.get("needed")),
        "referral_message": referral.get("message"),
        "referral_reasons": [_reason_text(r) for r in referral.get("reasons") or []],
        "program_absent_reason": plan.get("program_absent_reason"),
        "weeks": program.get("weeks"),
        "summary": summary_line(program) if program.get("sessions") else None,
        "sessions_per_week": program.get("sessions_per_week"),
        "program": _program_items(program),
        "week_plan": program.get("week_plan") or [],
        "step_up": (program.get("progression_rules") or {}).get("step_up"),
        "step_down": (program.get("progression_rules") or {}).get("step_down"),
        "load_management": program.get("load_management") or [],
        "footwear": program.get("footwear_advice"),
        "warmup": program.get("warmup"),
        "retest": program.get("retest"),
    }


def _progress_context(history: History) -> dict[str, Any]:
    result = progress(history)
    charts, rows = [], []
    for task, series in zip(result.tasks, [s for s in result.series if s.points], strict=True):
        sdd = max(p.fppa_sdd_deg for p in series.points)
        first = next((c for c in task.vs_first if c.metric == "headline"), None)
        unit = spec(task.headline_metric).unit if task.headline_metric else "deg"
        rows.append(
            {
                "task": wording()["tasks"].get(task.task, task.task),
                "side": task.side,
                "n": task.n_assessments,
                "measure": spec(task.headline_metric).short if task.headline_metric else "–",
                "latest": format_value(task.latest_headline, unit),
                "delta": None
                if first is None or first.delta is None
                else (f"{first.delta:+.1f}°" if unit == "deg" else f"{first.delta * 100:+.1f} %"),
                "meaning": first.meaning if first else "first assessment",
                "slope": task.headline_slope_per_week,
                "no_progress": task.no_progress,
            }
        )
        if len(series.points) > 1:
            points = [(p.date.isoformat(), p.means.get("fppa_deg")) for p in series.points]
            title = f"{rows[-1]['task']} · {task.side}"
            charts.append(figures.progress_chart(points, sdd, title))
    return {"rows": rows, "charts": charts, "adherence": result.adherence}


def build_context(history: History, session_date: dt.date | None = None) -> dict[str, Any]:
    """The template context for one athlete's latest (or given) assessment."""
    sessions: list[SessionRecord] = history.sessions
    if session_date is not None:
        sessions = [s for s in sessions if s.date <= session_date]
    current = sessions[-1] if sessions else None
    trials = current.trials if current else []
    return {
        "athlete": history.athlete,
        "session": current,
        "n_sessions": len(sessions),
        "trials": [_trial_context(t) for t in trials],
        "plan": _plan_context(history.latest_plan),
        "progress": _progress_context(history) if history.sessions else None,
        "words": wording(),
        "generated": dt.date.today().isoformat(),
    }
