"""`valgus analyze --athlete CODE`: keep the result in the store (video itself is never stored)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from valgus.cli.app import console


def athlete_sex(code: str, db: str | None = None) -> str | None:
    """The stored sex of an athlete (StoreError for an unknown code)."""
    from valgus.store.api import get_athlete, open_store

    store = open_store(db)
    try:
        sex = get_athlete(store, code).sex
    finally:
        store.close()
    return sex if sex in ("female", "male") else None


def store_analysis(
    code: str,
    data: dict[str, Any],
    source: Path,
    outputs: dict[str, Path],
    db: str | None = None,
    *,
    date: dt.date | None = None,
) -> int:
    """Save one analysis for an athlete; annotated outputs are referenced by path, not copied."""
    from valgus.store.api import ArtifactIn, open_store, save_analysis

    kinds = {"video": "annotated_video", "still": "worst_rep_still", "plot": "fppa_plot"}
    artifacts = [ArtifactIn(kind=kinds[k], path=p) for k, p in outputs.items() if k in kinds]
    store = open_store(db)
    try:
        trial_id = save_analysis(store, code, data, source, artifacts=artifacts, date=date)
    finally:
        store.close()
    console.print(
        f"Stored as trial {trial_id} for athlete {code} (the video itself is not stored)."
    )
    return trial_id
