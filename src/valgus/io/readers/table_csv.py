"""A small CSV table reader: header -> columns, numeric columns as float arrays (empty -> NaN)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from valgus.errors import InputError
from valgus.keypoints import FloatArray


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """Lower-cased header and rows of a CSV file (InputError if unreadable, empty or ragged)."""
    try:
        with path.open(newline="", encoding="utf-8", errors="replace") as fh:
            rows = list(csv.reader(fh))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}.") from None
    except csv.Error as exc:
        raise InputError(f"{path.name}: not a readable CSV file ({exc}).") from None
    if len(rows) < 2:
        raise InputError(f"{path.name}: the CSV file has no data rows.")
    header = [h.strip().lower() for h in rows[0]]
    body = [r for r in rows[1:] if any(cell.strip() for cell in r)]
    for i, row in enumerate(body):
        if len(row) != len(header):
            where = "the last row" if i == len(body) - 1 else f"row {i + 2}"
            raise InputError(
                f"{path.name}: {where} has {len(row)} values for {len(header)} columns; "
                "the file looks truncated or malformed."
            )
    return header, body


def numeric_column(path: Path, header: list[str], body: list[list[str]], name: str) -> FloatArray:
    """Column ``name`` as floats; empty cells -> NaN; InputError for text."""
    i = header.index(name)
    try:
        return np.array([float(r[i]) if r[i].strip() else np.nan for r in body], dtype=np.float64)
    except ValueError:
        raise InputError(
            f"{path.name}: column {name!r} holds a value that is not a number."
        ) from None
