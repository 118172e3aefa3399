"""Screening and plan: the questionnaire as a form (or JSON for the API) -> causes, referral, program."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from valgus.errors import InputError, ValgusError, shorten
from valgus.web.state import state_of
from valgus.web.views import templates

router = APIRouter()


def parse_text(text: str) -> dict[str, Any]:
    """Answers typed or pasted as YAML or JSON (JSON is YAML)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise InputError(f"the answers are not valid YAML or JSON{where}") from error
    if not isinstance(data, dict):
        raise InputError("the answers must be a mapping such as `person: {sex: female}`")
    return data


def stored_movements(
    request: Request, data: dict[str, Any], athlete: str | None, folder: Path
) -> dict[str, Any]:
    """The answers with each ``movements[].trial`` (a stored trial id of the athlete) turned into
    a file in ``folder``; server paths (``file``, ``base_dir``) from a client are refused."""
    if "base_dir" in data:
        raise InputError("answers field base_dir cannot be set from the web app")
    movements = data.get("movements") or []
    if not isinstance(movements, list):
        return data
    trials: dict[int, dict[str, Any]] = {}
    if athlete:
        from valgus.store.api import load_history

        history = load_history(state_of(request).store.get(), athlete)
        trials = {t.id: t.analysis for s in history.sessions for t in s.trials}
    out = []
    for index, movement in enumerate(movements):
        if not isinstance(movement, dict):
            out.append(movement)
            continue
        if "file" in movement:
            raise InputError(
                f"answers field movements.{index}.file: the web app does not read files on the "
                "server; choose one of the athlete's stored results (movements[].trial: its id)"
            )
        if "trial" not in movement:
            out.append(movement)
            continue
        movement = dict(movement)
        trial = movement.pop("trial")
        if not athlete:
            raise InputError("choose the athlete whose stored results the movements refer to")
        if isinstance(trial, bool) or not isinstance(trial, int) or trial not in trials:
            raise InputError(
                f"answers field movements.{index}.trial: {str(trial)[:40]!r} is not one of "
                f"{athlete}'s stored results"
            )
        path = folder / f"trial-{trial}.json"
        path.write_text(json.dumps(trials[trial]), encoding="utf-8")
        out.append({**movement, "file": path.name})
    return {**data, "movements": out}


def build_plan(request: Request, data: dict[str, Any], athlete: str | None) -> dict[str, Any]:
    """Screen and plan; with an athlete code, keep the answers and the plan in the store."""
    from valgus.plan.assemble import make_plan
    from valgus.screen.answers import parse_answers
    from valgus.web.access import athlete_for, audit

    if athlete:
        athlete_for(request, athlete)
    with tempfile.TemporaryDirectory(prefix="valgus-plan-") as tmp:
        answers = parse_answers(stored_movements(request, data, athlete, Path(tmp)), Path(tmp))
        plan = make_plan(answers).to_dict()
    if athlete:
        audit(request, "change", f"athlete:{athlete}", "screening and plan saved")
        from valgus.store.api import save_plan, save_screening

        store = state_of(request).store.get()
        save_screening(store, athlete, json.loads(json.dumps(data, default=str)))  # YAML dates
        save_plan(store, athlete, plan)
    return plan


def _history(request: Request, athlete: str) -> Any:
    from valgus.store.api import load_history
    from valgus.web.access import athlete_for

    if athlete:
        athlete_for(request, athlete)

    return load_history(state_of(request).store.get(), athlete) if athlete else None


def _page(
    request: Request,
    athlete: str,
    values: dict[str, list[str]],
    plan: dict[str, Any] | None = None,
    error: str | None = None,
) -> Response:
    from valgus.screen.form import form_fields
    from valgus.web.routes.pages import athlete_choices
    from valgus.web.screening import CONDITIONS, SECTIONS, trial_choices

    athletes, _ = athlete_choices(request)
    history = _history(request, athlete) if athlete and not error else None
    if error and athlete:
        try:
            history = _history(request, athlete)
        except ValgusError:
            history = None
    fields = form_fields()
    return templates().TemplateResponse(
        request,
        "plan.html.j2",
        {
            "athletes": athletes,
            "athlete": athlete,
            "sections": [
                (key, title, [f for f in fields if f.section == key]) for key, title in SECTIONS
            ],
            "values": values,
            "trials": trial_choices(history) if history is not None else [],
            "conditions": CONDITIONS,
            "today": dt.date.today().isoformat(),
            "plan": plan,
            "error": error,
            "saved_to": athlete if plan else "",
        },
        status_code=400 if error else 200,
    )


@router.get("/plan", include_in_schema=False)
def plan_form(request: Request, athlete: str = "") -> Response:
    return _page(request, athlete.strip(), {})


@router.post("/plan", include_in_schema=False)
async def plan_page(request: Request) -> Response:
    from valgus.web.screening import answers_from

    form = await request.form()
    values = {key: [str(v) for v in form.getlist(key)] for key in form}
    athlete = (values.get("athlete") or [""])[0].strip()

    def work() -> Response:
        try:
            if "answers" in values:
                raise InputError("the screening form takes its fields, not pasted answers")
            data = answers_from(values, _history(request, athlete))
            plan = build_plan(request, data, athlete or None)
        except ValgusError as error:
            return _page(request, athlete, values, error=shorten(str(error)))
        return _page(request, athlete, values, plan=plan)

    return await run_in_threadpool(work)


@router.post("/api/plan")
def plan_api(
    request: Request,
    answers: Annotated[
        dict[str, Any], Body(description="screening answers (docs/answers-schema.md)")
    ],
    athlete: str | None = None,
) -> dict[str, Any]:
    """The `valgus plan --json` document for the answers (saved for ?athlete=CODE)."""
    return build_plan(request, answers, athlete)
