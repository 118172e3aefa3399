"""Check an analysis request and queue it (shared by the upload form and /api/analyze)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi import UploadFile

from valgus.errors import InputError
from valgus.web.jobs import Job
from valgus.web.pipeline import JobRequest, run_job
from valgus.web.state import AppState
from valgus.web.uploads import check_extension, discard_upload, save_upload

SIDES = ("auto", "left", "right", "both")
SEXES = ("female", "male")


def _choice(name: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    value = (value or "").strip().lower()
    if not value:
        return None
    if value not in choices:
        raise InputError(f"{name} must be one of {', '.join(choices)} (got {value!r})")
    return value


def optional_date(value: str | None, what: str = "assessment date") -> dt.date | None:
    """A form date (YYYY-MM-DD) or None when blank; not in the future nor before 1900."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} {text[:20]!r} must be a date such as 2026-03-01") from None
    if not dt.date(1900, 1, 1) <= day <= dt.date.today() + dt.timedelta(days=1):
        raise InputError(f"{what} {day.isoformat()} is in the future or before 1900")
    return day


def checked_fields(
    state: AppState, task: str, side: str | None, sex: str | None, athlete: str | None
) -> tuple[str, str, str | None, str | None]:
    """(task, side, sex, athlete code) checked; the athlete's stored sex fills a blank sex."""
    from valgus.store.api import get_athlete
    from valgus.tasks import get_task

    task = get_task((task or "").strip()).id
    side_value = _choice("side", side, SIDES) or "auto"
    sex_value = _choice("sex", sex, SEXES)
    code = (athlete or "").strip() or None
    if code is not None:
        record = get_athlete(state.store.get(), code)
        sex_value = sex_value or (record.sex if record.sex in SEXES else None)
    return task, side_value, sex_value, code


def submit(
    state: AppState,
    upload: UploadFile | None,
    task: str,
    side: str | None = None,
    sex: str | None = None,
    athlete: str | None = None,
    keep: bool = False,
    date: str | None = None,
) -> Job:
    """Validate everything, copy the upload to a private temp folder and queue the analysis."""
    if upload is None or not upload.filename:
        raise InputError("choose a file to analyse (no file was sent)")
    check_extension(upload.filename)
    task, side_value, sex_value, code = checked_fields(state, task, side, sex, athlete)
    day = optional_date(date)
    settings = state.settings
    path = save_upload(upload.file, upload.filename, settings.max_upload_bytes, settings.uploads)
    request = JobRequest(
        upload=path,
        original_name=Path(upload.filename).name,
        task=task,
        side=side_value,
        sex=sex_value,
        athlete=code,
        keep_upload=keep,
        date=day,
    )
    try:
        return state.jobs.submit(
            request.original_name,
            lambda job: run_job(job, request, settings.results_dir, state.store),
            athlete=code,
        )
    except BaseException:
        discard_upload(path)
        raise
