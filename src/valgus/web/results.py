"""One analysis result on disk: ``<results_dir>/<job id>/`` with ``job.json`` beside the outputs."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from valgus.web.errors import NotFoundError

if TYPE_CHECKING:
    from valgus.analysis.model import AnalysisResult

META = "job.json"
_JOB_ID = re.compile(r"^[0-9a-f]{32}$")

#: kind -> media type of the files a result may hold (downloads and the <video>/<img> elements).
MEDIA_TYPES = {
    "json": "application/json",
    "reps_csv": "text/csv",
    "frames_csv": "text/csv",
    "plot": "image/png",
    "still": "image/png",
    "video": "video/mp4",
}
UPLOAD_MEDIA = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".mkv": "video/x-matroska",
    ".avi": "video/x-msvideo",
}


@dataclass
class ResultMeta:
    """What the web app knows about one result besides the analysis JSON."""

    id: str
    created: str
    original_name: str
    task: str
    side: str
    sex: str | None
    athlete: str | None = None
    trial_id: int | None = None
    keep_upload: bool = False
    kept_upload: str | None = None  # file name inside the folder when kept
    files: dict[str, str] = field(default_factory=dict)  # kind -> file name inside the folder
    notes: list[str] = field(default_factory=list)


def check_job_id(job_id: str) -> str:
    """A job id is 32 lower-case hex digits (never a path); NotFoundError otherwise."""
    if not _JOB_ID.match(job_id):
        raise NotFoundError(f"no analysis with id {job_id[:40]!r}")
    return job_id


def folder_of(results_dir: Path, job_id: str) -> Path:
    return results_dir / check_job_id(job_id)


def write_meta(folder: Path, meta: ResultMeta) -> None:
    (folder / META).write_text(json.dumps(asdict(meta), indent=2), encoding="utf-8")


def read_meta(folder: Path) -> ResultMeta:
    path = folder / META
    if not path.is_file():
        raise NotFoundError(f"no finished analysis {folder.name}; it may have been deleted")
    return ResultMeta(**json.loads(path.read_text(encoding="utf-8")))


def read_analysis(folder: Path, meta: ResultMeta) -> dict[str, Any]:
    name = meta.files.get("json")
    if not name or not (folder / name).is_file():
        raise NotFoundError(f"the analysis file of {folder.name} is missing")
    data: dict[str, Any] = json.loads((folder / name).read_text(encoding="utf-8"))
    return data


def read_result(folder: Path, meta: ResultMeta) -> AnalysisResult:
    """The analysis of a finished job as the typed result (what the result page shows)."""
    from valgus.analysis.model import parse_result

    return parse_result(read_analysis(folder, meta))


def file_path(folder: Path, meta: ResultMeta, kind: str) -> tuple[Path, str]:
    """The file of one kind and its media type (NotFoundError when the result has none)."""
    if kind == "upload" and meta.kept_upload:
        path = folder / meta.kept_upload
        media = UPLOAD_MEDIA.get(path.suffix.lower(), "application/octet-stream")
    elif kind in MEDIA_TYPES and kind in meta.files:
        path, media = folder / meta.files[kind], MEDIA_TYPES[kind]
    else:
        raise NotFoundError(f"this analysis has no {kind.replace('_', ' ')} file")
    if not path.is_file():
        raise NotFoundError(f"the {kind.replace('_', ' ')} file of this analysis was removed")
    return path, media


def delete_result(results_dir: Path, job_id: str) -> None:
    """Remove a result folder and everything in it."""
    folder = folder_of(results_dir, job_id)
    if not (folder / META).is_file():
        raise NotFoundError(f"no finished analysis {job_id}")
    shutil.rmtree(folder)


def results_by_trial(results_dir: Path, athlete: str) -> dict[int, str]:
    """trial id -> job id of the newest web result saved to that athlete's trial."""
    found: dict[int, tuple[str, str]] = {}
    for meta_path in results_dir.glob(f"*/{META}"):
        try:
            meta = read_meta(meta_path.parent)
        except (ValueError, TypeError, NotFoundError):
            continue
        if meta.athlete != athlete or meta.trial_id is None:
            continue
        if meta.trial_id not in found or meta.created > found[meta.trial_id][0]:
            found[meta.trial_id] = (meta.created, meta.id)
    return {trial: job for trial, (_, job) in found.items()}
