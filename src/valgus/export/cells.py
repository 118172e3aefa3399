"""Spreadsheet-safe cells: text that a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: A cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value: Any) -> Any:
    """Text that would start a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: safe_cell(value) for key, value in row.items()}


def safe_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [safe_row(row) for row in rows]
