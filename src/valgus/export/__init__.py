"""Exports: a whole athlete (JSON + CSV, folder or zip) and per-rep angles (CSV / Excel)."""

from valgus.export.athlete import export_athlete
from valgus.export.reps import REP_COLUMNS, rep_table, write_reps

__all__ = ["REP_COLUMNS", "export_athlete", "rep_table", "write_reps"]
