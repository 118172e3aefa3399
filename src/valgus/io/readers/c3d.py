"""C3D marker files (Vicon / Plug-in Gait style) -> Recording in the lab frame, via ezc3d."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from valgus.errors import InputError
from valgus.io.readers.mocap import recording_from_markers, unit_scale
from valgus.keypoints import FloatArray, Recording


def _strip_prefix(label: str) -> str:
    """ "SehoonVSK35:LKNE" -> "LKNE" (Vicon writes the subject name before the marker)."""
    return label.split(":")[-1].strip()


def _load(path: Path) -> Any:
    try:
        import ezc3d
    except ImportError:  # pragma: no cover - ezc3d is a declared dependency
        raise InputError(
            "reading C3D files needs the ezc3d package; install valgus again."
        ) from None
    if not path.is_file():
        raise InputError(f"cannot read {path}: no such file.")
    try:
        return ezc3d.c3d(str(path))
    except Exception as exc:  # ezc3d raises plain RuntimeError/IOError for broken files
        raise InputError(f"{path.name}: not a readable C3D file ({exc}).") from None


def c3d_markers(path: Path) -> tuple[dict[str, FloatArray], float, str]:
    """Marker name -> (T, 3) metres, the point rate (Hz) and the file's unit.

    Gaps (NaN, negative residual) and all-zero samples are missing -> NaN.
    """
    c = _load(path)
    point = c["parameters"]["POINT"]
    labels = [_strip_prefix(s) for s in point["LABELS"]["value"]]
    units = str(point["UNITS"]["value"][0]) if point["UNITS"]["value"] else "mm"
    rate = float(point["RATE"]["value"][0])
    points = np.asarray(c["data"]["points"], dtype=np.float64)[:3]  # (3, M, T)
    xyz = np.transpose(points, (2, 1, 0)) * unit_scale(units, path)  # (T, M, 3)
    residuals = c["data"]["meta_points"]["residuals"][0].T  # (T, M)
    gap = (residuals < 0) | np.all(xyz == 0.0, axis=2)
    xyz[gap] = np.nan
    markers: dict[str, FloatArray] = {}
    for i, name in enumerate(labels[: xyz.shape[1]]):
        markers.setdefault(name, xyz[:, i, :])
    return markers, rate, units


def read_c3d(path: Path) -> Recording:
    """Read a C3D file into a Recording (world keypoints, "lab" space, metres, up axis detected)."""
    path = Path(path)
    markers, rate, units = c3d_markers(path)
    n_frames = next(iter(markers.values())).shape[0] if markers else 0
    if n_frames == 0:
        raise InputError(f"{path.name}: the C3D file holds no marker frames.")
    times = np.arange(n_frames, dtype=np.float64) / rate
    meta = {"rate_hz": rate, "units_in_file": units, "n_markers": len(markers)}
    return recording_from_markers(path, "c3d", markers, times, meta)
