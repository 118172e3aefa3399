"""TRC marker files (OpenSim, Pose2Sim, Sports2D, OpenCap) -> Recording in the lab frame."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from valgus.errors import InputError
from valgus.io.readers.mocap import recording_from_markers, unit_scale
from valgus.keypoints import FloatArray, Recording

_HEADER_LINES = 5  # PathFileType, keys, values, names, X1/Y1/Z1


@dataclass(frozen=True)
class TrcData:
    """The raw content of a TRC file, in the file's own units."""

    names: tuple[str, ...]
    frames: FloatArray  # (T,) frame numbers
    times: FloatArray  # (T,) seconds
    xyz: FloatArray  # (T, M, 3)
    rate: float
    units: str


def _header(lines: list[str], path: Path) -> dict[str, str]:
    keys = lines[1].split("\t")
    values = lines[2].split("\t")
    header = {k.strip(): v.strip() for k, v in zip(keys, values, strict=False) if k.strip()}
    if "DataRate" not in header or "Units" not in header:
        raise InputError(f"{path.name}: not a TRC file (no DataRate/Units header); re-export it.")
    return header


def _names(line: str) -> tuple[str, ...]:
    fields = [f.strip() for f in line.split("\t")]
    return tuple(f for f in fields[2:] if f)


def _rows(lines: list[str], n_cols: int, path: Path) -> FloatArray:
    body = [ln for ln in lines[_HEADER_LINES:] if ln.strip()]
    if not body:
        raise InputError(f"{path.name}: the TRC file has a header but no data rows.")
    table = np.full((len(body), n_cols), np.nan)
    for i, line in enumerate(body):
        fields = line.rstrip("\r\n").split("\t")[:n_cols]
        if len(fields) < n_cols and i == len(body) - 1 and len(body) > 1:
            raise InputError(
                f"{path.name}: the last data row is cut short; the file looks truncated."
            )
        try:
            table[i, : len(fields)] = [float(f) if f.strip() else np.nan for f in fields]
        except ValueError:
            raise InputError(
                f"{path.name}: data row {i + 1} holds a value that is not a number; "
                "the file is malformed."
            ) from None
    return table


def parse_trc(path: Path) -> TrcData:
    """Parse a TRC file (InputError for a malformed or truncated file)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}.") from None
    if len(lines) < _HEADER_LINES:
        raise InputError(f"{path.name}: too short to be a TRC file (fewer than 5 header lines).")
    header = _header(lines, path)
    names = _names(lines[3])
    if not names:
        raise InputError(f"{path.name}: the TRC header names no markers.")
    table = _rows(lines, 2 + 3 * len(names), path)
    expected = header.get("NumFrames", "")
    if expected.isdigit() and table.shape[0] < int(expected):
        raise InputError(
            f"{path.name}: the header promises {expected} frames but only {table.shape[0]} are "
            "present; the file looks truncated."
        )
    try:
        rate = float(header["DataRate"])
    except ValueError:
        raise InputError(f"{path.name}: DataRate {header['DataRate']!r} is not a number.") from None
    times = table[:, 1]
    if not np.isfinite(times).all():
        times = (table[:, 0] - table[0, 0]) / rate
    return TrcData(
        names=names,
        frames=table[:, 0],
        times=times,
        xyz=table[:, 2:].reshape(table.shape[0], len(names), 3),
        rate=rate,
        units=header["Units"],
    )


def markers_in_metres(data: TrcData, path: Path) -> dict[str, FloatArray]:
    """Marker name -> (T, 3) metres; all-zero samples count as missing (NaN)."""
    xyz = data.xyz * unit_scale(data.units, path)
    xyz[np.all(xyz == 0.0, axis=2)] = np.nan
    return {name: xyz[:, i, :] for i, name in enumerate(data.names)}


def read_trc(path: Path) -> Recording:
    """Read a TRC file into a Recording (world keypoints, "lab" space, metres, up axis detected)."""
    path = Path(path)
    data = parse_trc(path)
    meta = {"rate_hz": data.rate, "units_in_file": data.units, "n_markers": len(data.names)}
    return recording_from_markers(path, "trc", markers_in_metres(data, path), data.times, meta)
