"""At start-up: analyses interrupted by a stopped server are marked failed, their uploads removed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from valgus.web.jobs import FAILED, Job
from valgus.web.results import META, check_job_id

FAILED_MARK = "failed.json"
INTERRUPTED = "the server stopped during this analysis; upload the file again"


def recover(results_dir: Path, upload_dir: Path) -> int:
    """Mark unfinished result folders failed and delete leftover uploads; returns how many."""
    count = 0
    for folder in results_dir.iterdir() if results_dir.is_dir() else ():
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        if not (folder / META).is_file() and not (folder / FAILED_MARK).is_file():
            for child in folder.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
            (folder / FAILED_MARK).write_text(json.dumps({"error": INTERRUPTED}), encoding="utf-8")
            count += 1
    for leftover in upload_dir.glob("valgus-upload-*") if upload_dir.is_dir() else ():
        shutil.rmtree(leftover, ignore_errors=True)
        count += 1
    return count


def interrupted_job(results_dir: Path, job_id: str) -> Job | None:
    """A failed Job for a result folder marked failed at start-up, else None."""
    mark = results_dir / check_job_id(job_id) / FAILED_MARK
    if not mark.is_file():
        return None
    job = Job(id=job_id, name="the upload")
    job.status, job.error = FAILED, INTERRUPTED
    return job
