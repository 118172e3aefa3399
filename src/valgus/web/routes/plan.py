"""Screening and plan: the questionnaire as a form (or JSON for the API) -> causes, referral, program."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from valgus.errors import ValgusError
from valgus.web.state import state_of
from valgus.web.views import templates

router = APIRouter()


def build_plan(request: Request, data: dict[str, Any], athlete: str | None) -> dict[str, Any]:
    """Screen and plan; with an athlete code, keep the answers and the plan in the store."""
    from valgus.plan.assemble import make_plan
    from valgus.screen.answers import parse_answers

    plan = make_plan(parse_answers(data)).to_dict()
    if athlete:
        from valgus.store.api import save_plan, save_screening

        store = state_of(request).store.get()
        save_screening(store, athlete, json.loads(json.dumps(data, default=str)))  # YAML dates
        save_plan(store, athlete, plan)
    return plan


def _history(request: Request, athlete: str) -> Any:
    from valgus.store.api import load_history

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
            data = answers_from(values, _history(request, athlete))
            plan = build_plan(request, data, athlete or None)
        except ValgusError as error:
            return _page(request, athlete, values, error=str(error))
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
