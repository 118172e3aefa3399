"""Source keys ([R1], [R72a] ...) -> short citation labels (data/screen/sources.yaml)."""

from __future__ import annotations

from valgus import settings


def source_titles() -> dict[str, str]:
    return dict(settings.sources().sources)


def cite(key: str) -> dict[str, str]:
    """``{"key": "R1", "title": "..."}``; an unknown key keeps its key and says so."""
    return {"key": key, "title": source_titles().get(key, "unlisted source")}
