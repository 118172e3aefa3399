"""Store: athletes, assessments, trials, per-rep metrics, plans, adherence (SQLite or PostgreSQL).

Public API in :mod:`valgus.store.api`; see docs/store.md.
"""

from valgus.store.api import (
    ArtifactIn,
    AthleteRecord,
    History,
    Store,
    TrialId,
    add_athlete,
    delete_athlete,
    get_athlete,
    list_athletes,
    load_history,
    log_adherence,
    open_store,
    save_analysis,
    save_plan,
    save_screening,
)

__all__ = [
    "ArtifactIn",
    "AthleteRecord",
    "History",
    "Store",
    "TrialId",
    "add_athlete",
    "delete_athlete",
    "get_athlete",
    "list_athletes",
    "load_history",
    "log_adherence",
    "open_store",
    "save_analysis",
    "save_plan",
    "save_screening",
]
