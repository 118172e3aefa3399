"""Athlete pages: list and add, detail (trials, progress), report (HTML view, PDF download), delete."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from valgus.errors import InputError, StoreError, shorten
from valgus.web.access import athlete_for, audit, team_for_new_athlete, visible_athletes
from valgus.web.athlete_views import page_data
from valgus.web.erase import attachment, erase_athlete
from valgus.web.state import state_of
from valgus.web.views import templates

router = APIRouter(include_in_schema=False)


def _year(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise StoreError(f"birth year {value[:20]!r} must be a year such as 2004")
    return int(value)


def _list_page(
    request: Request, error: str | None = None, form: dict[str, str] | None = None
) -> Response:
    athletes = visible_athletes(request)
    return templates().TemplateResponse(
        request,
        "athletes.html.j2",
        {"athletes": athletes, "error": error, "form": form or {}},
        status_code=400 if error else 200,
    )


@router.get("/athletes")
def athletes_page(request: Request) -> Response:
    return _list_page(request)


@router.post("/athletes")
def add_athlete_form(
    request: Request,
    code: Annotated[str, Form()] = "",
    sex: Annotated[str, Form()] = "",
    birth_year: Annotated[str, Form()] = "",
    dominant_leg: Annotated[str, Form()] = "",
    sport: Annotated[str, Form()] = "",
    team: Annotated[str, Form()] = "",
) -> Response:
    from valgus.store.api import add_athlete

    form = {
        "code": code,
        "sex": sex,
        "birth_year": birth_year,
        "dominant_leg": dominant_leg,
        "sport": sport,
        "team": team,
    }
    try:
        record = add_athlete(
            state_of(request).store.get(),
            code,
            sex=sex or None,
            birth_year=_year(birth_year),
            dominant_leg=dominant_leg or None,
            sport=sport.strip() or None,
            team=team_for_new_athlete(request, team.strip() or None),
        )
    except StoreError as error:
        return _list_page(request, shorten(str(error)), form)
    audit(request, "add", f"athlete:{record.code}")
    return RedirectResponse(f"/athletes/{record.code}", status_code=303)


@router.get("/athletes/{code}")
def athlete_page(request: Request, code: str) -> Response:
    from valgus.store.api import load_history

    state = state_of(request)
    athlete_for(request, code)
    history = load_history(state.store.get(), code)
    audit(request, "view", f"athlete:{code}")
    return templates().TemplateResponse(
        request, "athlete.html.j2", page_data(history, state.settings.results_dir)
    )


@router.get("/athletes/{code}/compare")
def compare_page(request: Request, code: str, before: str = "", after: str = "") -> Response:
    """Two assessment sessions side by side: numbers with their change, stills and plots."""
    from valgus.store.api import load_history
    from valgus.web.access import athlete_for
    from valgus.web.athlete_views import compare_data

    athlete_for(request, code)
    state = state_of(request)
    history = load_history(state.store.get(), code)
    data = compare_data(history, state.settings.results_dir, _session(before), _session(after))
    return templates().TemplateResponse(request, "compare.html.j2", data)


def _session(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        raise InputError(f"session {value[:20]!r} must be a session number")
    return int(value)


@router.get("/athletes/{code}/report")
def report_html(request: Request, code: str, paper: str = "a4") -> Response:
    from valgus.report import make_report

    athlete_for(request, code)
    audit(request, "view", f"athlete:{code}", "report")
    base = f"/athletes/{quote(code)}"
    nav = {
        "‹ Athlete": base,
        "Compare sessions": f"{base}/compare",
        "PDF": f"{base}/report.pdf?paper={_paper(paper)}",
        "All athletes": "/athletes",
    }
    return HTMLResponse(
        make_report(state_of(request).store.get(), code, paper=_paper(paper), nav=nav)
    )


@router.get("/athletes/{code}/report.pdf")
def report_pdf(request: Request, code: str, paper: str = "a4") -> Response:
    from valgus.report import make_report

    athlete_for(request, code)
    paper = _paper(paper)
    audit(request, "export", f"athlete:{code}", "report.pdf")
    with tempfile.TemporaryDirectory(prefix="valgus-report-") as tmp:
        pdf = Path(tmp) / "report.pdf"
        make_report(state_of(request).store.get(), code, pdf=pdf, paper=_paper(paper))
        content = pdf.read_bytes()
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": attachment(f"valgus-report-{code}.pdf")},
    )


def _paper(paper: str) -> str:
    if paper not in ("a4", "letter"):
        raise InputError(f"paper must be a4 or letter (got {paper!r})")
    return paper


@router.post("/athletes/{code}/adherence")
def adherence_form(
    request: Request,
    code: str,
    date: Annotated[str, Form()] = "",
    sessions_done: Annotated[str, Form()] = "",
    pain_after: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
) -> Response:
    """Log program sessions done on a day and the pain after them (0-10)."""
    from valgus.store.api import log_adherence
    from valgus.web.access import athlete_for
    from valgus.web.submit import optional_date

    athlete_for(request, code)
    day = optional_date(date, "date") or dt.date.today()
    done = _count(sessions_done, "sessions done", 0, 7)
    if done is None:
        raise InputError("give the number of sessions done that day (0 to 7)")
    pain = _count(pain_after, "pain after", 0, 10)
    log_adherence(state_of(request).store.get(), code, day, done, pain, notes.strip()[:500] or None)
    return RedirectResponse(f"/athletes/{quote(code)}#adherence", status_code=303)


def _count(value: str, what: str, lo: int, hi: int) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 6) or not lo <= int(value) <= hi:
        raise InputError(f"{what} must be a whole number from {lo} to {hi} (got {value[:20]!r})")
    return int(value)


@router.post("/athletes/{code}/delete")
def delete_athlete_form(
    request: Request, code: str, confirm: Annotated[str, Form()] = ""
) -> Response:

    athlete_for(request, code)
    if confirm.strip() != code:
        raise InputError(f"type the code {code} in the box to confirm the deletion")
    erase_athlete(request, code)
    return RedirectResponse("/athletes", status_code=303)
