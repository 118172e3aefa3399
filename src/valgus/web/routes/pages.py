"""HTML pages: home (upload + filming guide), job status, result, result files."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response

from valgus.analysis.model import AnalysisResult, SideSummary
from valgus.errors import ValgusError
from valgus.web.access import audit, check_result_athlete, check_upload_athlete
from valgus.web.jobs import DONE, FAILED
from valgus.web.pipeline import video_writer_available
from valgus.web.recovery import interrupted_job
from valgus.web.results import (
    check_job_id,
    delete_result,
    file_path,
    folder_of,
    read_meta,
    read_result,
)
from valgus.web.settings import ACCEPTED_EXTENSIONS, VIDEO_EXTENSIONS
from valgus.web.state import state_of
from valgus.web.submit import submit
from valgus.web.views import templates

router = APIRouter()


def task_choices() -> list[tuple[str, str]]:
    from valgus.tasks import get_task, task_ids

    return [(t, get_task(t).label) for t in task_ids()]


def athlete_choices(request: Request) -> tuple[list[Any], str | None]:
    """The stored athletes, or an empty list and the reason the store could not be read."""
    from valgus.web.access import visible_athletes

    try:
        return visible_athletes(request), None
    except ValgusError as error:
        return [], str(error)


@router.get("/", include_in_schema=False)
def home(request: Request) -> Response:
    settings = state_of(request).settings
    athletes, store_error = athlete_choices(request)
    return templates().TemplateResponse(
        request,
        "home.html.j2",
        {
            "tasks": task_choices(),
            "athletes": athletes,
            "store_error": store_error,
            "accept": ",".join(ACCEPTED_EXTENSIONS),
            "video_exts": [e.lstrip(".") for e in VIDEO_EXTENSIONS],
            "max_mb": settings.max_upload_mb,
            "video_writer": video_writer_available(),
            "preselect": request.query_params.get("athlete", ""),
            "today": dt.date.today().isoformat(),
        },
    )


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """Browsers ask for /favicon.ico on pages without an icon link (the report)."""
    from valgus.web.views import HERE

    return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")


@router.post("/analyze", include_in_schema=False)
def analyze_form(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    task: Annotated[str, Form()] = "",
    side: Annotated[str, Form()] = "auto",
    sex: Annotated[str, Form()] = "",
    athlete: Annotated[str, Form()] = "",
    keep: Annotated[str, Form()] = "",
    date: Annotated[str, Form(description="assessment date YYYY-MM-DD (default today)")] = "",
) -> Response:
    check_upload_athlete(request, athlete)
    job = submit(state_of(request), file, task, side, sex, athlete, keep=bool(keep), date=date)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", include_in_schema=False)
def job_page(request: Request, job_id: str) -> Response:
    state = state_of(request)
    check_job_id(job_id)
    job = state.jobs.get(job_id)
    finished = (folder_of(state.settings.results_dir, job_id) / "job.json").is_file()
    if (job is None or job.status == DONE) and finished:
        return RedirectResponse(f"/results/{job_id}", status_code=303)
    if job is None:
        interrupted = interrupted_job(state.settings.results_dir, job_id)
        if interrupted is not None:
            return templates().TemplateResponse(
                request, "job.html.j2", {"job": interrupted, "ahead": 0, "failed": True}
            )
        from valgus.web.errors import NotFoundError

        raise NotFoundError(f"no analysis with id {job_id}; it may have been deleted")
    check_result_athlete(request, job.athlete)
    return templates().TemplateResponse(
        request,
        "job.html.j2",
        {"job": job, "ahead": state.jobs.ahead_of(job), "failed": job.status == FAILED},
    )


class SideCard(SideSummary):
    """One side's summary with its name (a verdict card)."""

    side: str


def side_summaries(data: AnalysisResult) -> list[SideCard]:
    """The sides that had reps, with their summary (for the verdict cards)."""
    return [
        SideCard(side=side, **dict(data.summary.side(side)))
        for side in ("left", "right")
        if data.summary.side(side).n_reps > 0
    ]


def no_reading_reasons(data: AnalysisResult) -> list[tuple[str, int]]:
    """Distinct reasons for reps without a reading, with how many reps each."""
    counts: dict[str, int] = {}
    for rep in data.reps:
        if rep.verdict == "no_reading":
            reason = str(rep.reason or "reason not given")
            counts[reason] = counts.get(reason, 0) + 1
    return sorted(counts.items(), key=lambda item: -item[1])


def rep_footnotes(data: AnalysisResult) -> tuple[list[str], list[str]]:
    """Distinct rep notes (reason or basis) and, per rep, the letter of its note ('' for none)."""
    from valgus.web.views import rep_note

    notes: list[str] = []
    letters: list[str] = []
    for rep in data.reps:
        note = rep_note(rep)
        if note and note not in notes:
            notes.append(note)
        letters.append(chr(ord("a") + notes.index(note)) if note else "")
    return notes, letters


@router.get("/results/{job_id}", include_in_schema=False)
def result_page(request: Request, job_id: str) -> Response:
    folder = folder_of(state_of(request).settings.results_dir, job_id)
    meta = read_meta(folder)
    check_result_athlete(request, meta.athlete)
    audit(request, "view", f"result:{job_id}", meta.athlete)
    data = read_result(folder, meta)
    notes, note_letters = rep_footnotes(data)
    return templates().TemplateResponse(
        request,
        "result.html.j2",
        {
            "meta": meta,
            "data": data,
            "sides": side_summaries(data),
            "reasons": no_reading_reasons(data),
            "notes": notes,
            "note_letters": note_letters,
            "files": meta.files,
            "base": f"/results/{job_id}/files",
            "results_folder": str(folder),
            "athletes": [] if meta.athlete else athlete_choices(request)[0],
            "today": dt.date.today().isoformat(),
        },
    )


@router.get("/results/{job_id}/files/{kind}", include_in_schema=False)
def result_file(request: Request, job_id: str, kind: str, download: bool = False) -> Response:
    """One output file; FileResponse answers Range requests (206) so browsers can seek videos."""
    folder = folder_of(state_of(request).settings.results_dir, job_id)
    meta = read_meta(folder)
    check_result_athlete(request, meta.athlete)
    path, media = file_path(folder, meta, kind)
    if download:
        audit(request, "export", f"result:{job_id}", kind)
    disposition = "attachment" if download else "inline"
    return FileResponse(
        path, media_type=media, filename=path.name, content_disposition_type=disposition
    )


@router.post("/results/{job_id}/attach", include_in_schema=False)
def attach_result_page(
    request: Request,
    job_id: str,
    athlete: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
) -> Response:
    """Save a result made without an athlete to one afterwards."""
    from valgus.store.api import get_athlete
    from valgus.web.access import athlete_for
    from valgus.web.pipeline import attach_result
    from valgus.web.submit import optional_date

    athlete_for(request, athlete.strip())
    state = state_of(request)
    code = get_athlete(state.store.get(), athlete.strip()).code
    attach_result(state.store, state.settings.results_dir, job_id, code, optional_date(date))
    return RedirectResponse(f"/athletes/{quote(code)}", status_code=303)


@router.post("/results/{job_id}/delete", include_in_schema=False)
def delete_result_page(request: Request, job_id: str) -> Response:
    folder = folder_of(state_of(request).settings.results_dir, job_id)
    check_result_athlete(request, read_meta(folder).athlete)
    delete_result(state_of(request).settings.results_dir, job_id)
    state_of(request).jobs.forget(job_id)
    audit(request, "delete", f"result:{job_id}")
    return templates().TemplateResponse(request, "deleted.html.j2", {"job_id": job_id})
