"""Erasure of a person (every row and every file) and safe download names."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

from fastapi import Request

from valgus.web.results import META

_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def attachment(filename: str) -> str:
    """A Content-Disposition value that no quote, semicolon or newline in the name can break."""
    fallback = _ASCII_SAFE.sub("_", filename).strip("_") or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def result_folders_of(results_dir: Path, code: str) -> list[Path]:
    """The result folders whose job.json names the athlete ``code``."""
    out = []
    for meta in results_dir.glob(f"*/{META}"):
        try:
            athlete = json.loads(meta.read_text(encoding="utf-8")).get("athlete")
        except (OSError, ValueError, AttributeError):
            continue
        if athlete == code:
            out.append(meta.parent)
    return out


def erase_athlete(request: Request, code: str) -> dict[str, int]:
    """Delete the athlete's rows and result folders (videos, stills, JSON); audited."""
    from valgus.store.api import delete_athlete
    from valgus.web.access import audit
    from valgus.web.state import state_of

    state = state_of(request)
    folders = result_folders_of(state.settings.results_dir, code)
    removed = delete_athlete(state.store.get(), code)
    state.jobs.forget_athlete(code)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    removed["result_folders"] = len(folders)
    audit(request, "delete", f"athlete:{code}", json.dumps(removed))
    return removed
