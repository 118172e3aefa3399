"""Rows as an Excel workbook: one sheet, a bold frozen filterable header, formula-safe cells."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from valgus.export.cells import safe_cell


def write_workbook(
    rows: Sequence[Mapping[str, Any]],
    target: Path | IO[bytes],
    columns: Sequence[str],
    sheet_name: str,
) -> None:
    """Write ``rows`` (the ``columns`` of each, in order; empty cell = None) to ``target``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_name
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(row.get(column)) for column in columns])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(target)
