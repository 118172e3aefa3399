"""Store: athletes, assessments, trials, per-rep metrics, plans, adherence (SQLite or PostgreSQL).

Public API in :mod:`valgus.store.api` (re-exported here); see docs/store.md.
"""

from valgus.store import api
from valgus.store.api import *  # noqa: F403 - the one public API, listed once in api.__all__

__all__ = list(api.__all__)
