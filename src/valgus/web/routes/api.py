"""The JSON API: /api/analyze, /api/jobs/{id}, /api/athletes, /api/tasks (errors: {"error": ...})."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from valgus.web.access import (
    athlete_for,
    audit,
    check_result_athlete,
    check_upload_athlete,
    team_for_new_athlete,
    visible_athletes,
)
from valgus.web.erase import erase_athlete
from valgus.web.jobs import DONE
from valgus.web.recovery import interrupted_job
from valgus.web.results import check_job_id, folder_of, read_analysis, read_meta
from valgus.web.state import state_of
from valgus.web.submit import submit

router = APIRouter(prefix="/api")


class AthleteIn(BaseModel):
    """A new athlete: a pseudonymous code (no names), optional details."""

    code: str
    sex: str | None = None
    birth_year: int | None = None
    dominant_leg: str | None = None
    sport: str | None = None
    team: str | None = None


@router.get("/tasks")
def tasks() -> list[dict[str, Any]]:
    """The movements that can be analysed."""
    from valgus.tasks import get_task, task_ids

    return [
        {"id": t.id, "label": t.label, "bilateral": t.bilateral}
        for t in (get_task(i) for i in task_ids())
    ]


@router.post("/analyze", status_code=202)
def analyze(
    request: Request,
    file: Annotated[UploadFile | None, File(description="video or motion file")] = None,
    task: Annotated[str, Form()] = "",
    side: Annotated[str, Form()] = "auto",
    sex: Annotated[str, Form()] = "",
    athlete: Annotated[str, Form()] = "",
    keep: Annotated[bool, Form(description="keep the uploaded file")] = False,
    date: Annotated[str, Form(description="assessment date YYYY-MM-DD (default today)")] = "",
) -> dict[str, str]:
    """Queue an analysis; poll /api/jobs/{job_id} until status is done or failed."""
    check_upload_athlete(request, athlete)
    job = submit(state_of(request), file, task, side, sex, athlete, keep=keep, date=date)
    return {
        "job_id": job.id,
        "status_url": f"/api/jobs/{job.id}",
        "result_page": f"/results/{job.id}",
    }


def finished_result(request: Request, job_id: str) -> dict[str, Any]:
    folder = folder_of(state_of(request).settings.results_dir, job_id)
    meta = read_meta(folder)
    check_result_athlete(request, meta.athlete)
    audit(request, "view", f"result:{job_id}", meta.athlete)
    files = dict(meta.files)
    if meta.kept_upload:
        files["upload"] = meta.kept_upload
    return {
        "result": read_analysis(folder, meta),
        "files": {kind: f"/results/{job_id}/files/{kind}" for kind in files},
        "result_page": f"/results/{job_id}",
        "athlete": meta.athlete,
        "trial_id": meta.trial_id,
        "upload_kept": meta.kept_upload is not None,
        "notes": meta.notes,
    }


@router.get("/jobs/{job_id}")
def job_status(request: Request, job_id: str) -> dict[str, Any]:
    """Status and progress; with status "done" also the analysis JSON and file URLs."""
    check_job_id(job_id)
    job = state_of(request).jobs.get(job_id)
    if job is not None and job.status != DONE:
        check_result_athlete(request, job.athlete)
    if job is None:
        interrupted = interrupted_job(state_of(request).settings.results_dir, job_id)
        if interrupted is not None:
            return interrupted.as_dict()
    if job is None:  # finished before a restart of the server: the result is on disk
        return {"id": job_id, "status": DONE, "error": None, **finished_result(request, job_id)}
    out = job.as_dict()
    if job.status == DONE:
        out.update(finished_result(request, job_id))
    return out


@router.get("/athletes")
def athletes(request: Request, team: str | None = None) -> list[dict[str, object]]:
    audit(request, "view", "athletes", f"team={team}" if team else None)
    return [a.as_dict() for a in visible_athletes(request, team)]


@router.post("/athletes", status_code=201)
def add_athlete(request: Request, athlete: AthleteIn) -> dict[str, object]:
    from valgus.store.api import add_athlete

    fields = athlete.model_dump()
    fields["team"] = team_for_new_athlete(request, fields["team"])
    record = add_athlete(state_of(request).store.get(), fields.pop("code"), **fields)
    audit(request, "add", f"athlete:{record.code}")
    return record.as_dict()


@router.get("/athletes/{code}")
def athlete(request: Request, code: str) -> dict[str, Any]:
    """The athlete, their progress and their trials (newest first)."""
    from dataclasses import asdict

    from valgus.store.api import load_history
    from valgus.web.athlete_views import page_data

    state = state_of(request)
    athlete_for(request, code)
    audit(request, "view", f"athlete:{code}")
    page = page_data(load_history(state.store.get(), code), state.settings.results_dir)
    return {
        "athlete": page["athlete"].as_dict(),
        "trials": [asdict(t) for t in page["trials"]],
        "progress": page["progress_json"],
    }


@router.delete("/athletes/{code}")
def delete(request: Request, code: str) -> JSONResponse:
    athlete_for(request, code)
    removed = erase_athlete(request, code)
    return JSONResponse({"deleted": code, "removed": removed})


__all__ = ["router"]
