"""The trials a batch stored, read straight from its SQLite file (for equality checks)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def trials(db: Path) -> list[tuple[str, ...]]:
    """(athlete, source sha256, task, side, verdict) of every stored trial, sorted."""
    with sqlite3.connect(db) as con:
        return sorted(
            con.execute(
                "select a.code, t.source_sha256, t.task, t.side, coalesce(t.verdict, '') "
                "from trials t join athletes a on a.id = t.athlete_id"
            ).fetchall()
        )
