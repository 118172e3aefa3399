"""`valgus analyze --athlete CODE`: keep the result in the store (video itself is never stored)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from valgus.cli.app import console


def store_analysis(code: str, data: dict[str, Any], source: Path, outputs: dict[str, Path]) -> int:
    """Save one analysis for an athlete; annotated outputs are referenced by path, not copied."""
    from valgus.store.api import ArtifactIn, open_store, save_analysis

    kinds = {"video": "annotated_video", "still": "worst_rep_still", "plot": "fppa_plot"}
    artifacts = [ArtifactIn(kind=kinds[k], path=p) for k, p in outputs.items() if k in kinds]
    store = open_store()
    try:
        trial_id = save_analysis(store, code, data, source, artifacts=artifacts)
    finally:
        store.close()
    console.print(
        f"Stored as trial {trial_id} for athlete {code} (the video itself is not stored)."
    )
    return trial_id
