"""OpenSim .mot / .sto tables (IK joint angles) for validation against reference kinematics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from valgus.errors import InputError
from valgus.keypoints import FloatArray

_TRANSLATION_SUFFIXES = ("_tx", "_ty", "_tz")


@dataclass(frozen=True)
class MotData:
    """Columns of a .mot/.sto file. Rotational columns are always in DEGREES here.

    in_degrees_file: what the file's ``inDegrees`` header said (radians were converted).
    """

    time: FloatArray
    columns: dict[str, FloatArray]
    in_degrees_file: bool

    def __getitem__(self, name: str) -> FloatArray:
        return self.columns[name]


def _is_rotation(name: str) -> bool:
    return not name.endswith(_TRANSLATION_SUFFIXES)


def _split_header(lines: list[str], path: Path) -> tuple[dict[str, str], int]:
    header: dict[str, str] = {}
    for i, line in enumerate(lines):
        text = line.strip()
        if text.lower() == "endheader":
            return header, i + 1
        if "=" in text:
            key, value = text.split("=", 1)
            header[key.strip()] = value.strip()
    raise InputError(f"{path.name}: no 'endheader' line; not an OpenSim .mot/.sto file.")


def read_mot(path: Path) -> MotData:
    """Read an OpenSim .mot/.sto file; radians (inDegrees=no) are converted to degrees."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}.") from None
    header, start = _split_header(lines, path)
    if start >= len(lines):
        raise InputError(f"{path.name}: no column names after 'endheader'.")
    names = lines[start].split()
    rows = [ln.split() for ln in lines[start + 1 :] if ln.strip()]
    if not rows or names[0].lower() != "time":
        raise InputError(f"{path.name}: expected a 'time' column and data rows after the header.")
    if any(len(r) != len(names) for r in rows):
        raise InputError(
            f"{path.name}: a data row has the wrong number of values; the file looks truncated."
        )
    try:
        table = np.array(rows, dtype=np.float64)
    except ValueError:
        raise InputError(f"{path.name}: a value is not a number; the file is malformed.") from None
    in_degrees = header.get("inDegrees", "yes").lower() != "no"
    columns = {}
    for i, name in enumerate(names[1:], start=1):
        values = table[:, i]
        columns[name] = values if in_degrees or not _is_rotation(name) else np.degrees(values)
    return MotData(time=table[:, 0], columns=columns, in_degrees_file=in_degrees)
