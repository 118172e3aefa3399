"""Shared builder for 3-D marker files (TRC, C3D): markers -> canonical joints -> Recording."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np

from valgus.errors import InputError
from valgus.io.readers.marker_map import resolve
from valgus.io.readers.up_axis import detect_up
from valgus.keypoints import FloatArray, Keypoints, Recording
from valgus.metrics.frontal import body_frame
from valgus.skeleton import INDEX, JOINTS, REQUIRED_FOR_FPPA

UNIT_SCALE = {"m": 1.0, "mm": 1e-3, "cm": 1e-2}
_MAX_MARKERS_IN_MESSAGE = 8
# Raw marker arrays are kept in meta["markers"] when the file is at most this many values.
_RAW_MARKERS_LIMIT = 5_000_000


def unit_scale(units: str, path: Path) -> float:
    """Factor from a file's length unit to metres (InputError for an unknown unit)."""
    key = units.strip().lower()
    if key not in UNIT_SCALE:
        raise InputError(f"{path.name}: unknown length unit {units!r}; expected m, cm or mm.")
    return UNIT_SCALE[key]


def _found_list(markers: Mapping[str, FloatArray]) -> str:
    names = list(markers)
    shown = ", ".join(names[:_MAX_MARKERS_IN_MESSAGE])
    return shown + ("…" if len(names) > _MAX_MARKERS_IN_MESSAGE else "")


def _as_present(markers: Mapping[str, FloatArray]) -> dict[str, FloatArray]:
    """One dummy finite sample per marker name: which joints the names alone would make."""
    return {name: np.zeros((1, 3)) for name in markers}


def shift_medially(
    positions: FloatArray, up: FloatArray, offsets: Mapping[str, float]
) -> FloatArray:
    """Move lateral-marker joint centres medially along the per-frame horizontal pelvis axis.

    The shoulders give the axis when one hip is not in the recording (:func:`body_frame`).
    """
    out = positions.copy()
    ml = body_frame(positions, up).ml  # towards the person's left (hips, else shoulders)
    for joint, offset in offsets.items():
        medial = -ml if joint.startswith("left_") else ml
        out[:, INDEX[joint], :] += offset * medial
    return out


def recording_from_markers(
    path: Path,
    kind: Literal["trc", "c3d"],
    markers: Mapping[str, FloatArray],
    times: FloatArray,
    meta: dict[str, Any],
) -> Recording:
    """Recording with world keypoints in "lab" space from markers (name -> (T, 3) in metres)."""
    n_frames = int(times.shape[0])
    resolved = resolve(markers, n_frames)
    if resolved.n_required == 0 and resolve(_as_present(markers), 1).n_required > 0:
        raise InputError(f"{path.name}: every hip, knee and ankle value is missing (NaN or 0).")
    if resolved.n_required == 0:
        raise InputError(
            f"no hip/knee/ankle markers recognised in {path.name} (found: {_found_list(markers)}); "
            "expected e.g. RHip/RKnee/RAnkle, r_knee_study/r_mknee_study or RKNE/RKNI/RANK."
        )
    missing = [j for j in JOINTS if j not in resolved.rules]
    legs = resolved.positions[:, [INDEX[j] for j in REQUIRED_FOR_FPPA], :]
    if not np.isfinite(legs).all(axis=2).any():
        raise InputError(f"{path.name}: every hip, knee and ankle value is missing (NaN or 0).")
    positions = resolved.positions
    notes = list(resolved.notes)
    if missing:
        notes.append(f"no markers for {', '.join(missing)}: left missing (NaN)")
    found = detect_up(positions)
    if found is None:
        raise InputError(f"{path.name}: cannot tell which axis points up (no head above the feet).")
    up, up_name = found
    if resolved.medial_offsets:
        positions = shift_medially(positions, up, resolved.medial_offsets)
    present = np.isfinite(positions).all(axis=2)
    confidence = np.where(present, 1.0, np.nan)
    t0 = float(times[0]) if np.isfinite(times[0]) else 0.0
    world = Keypoints(
        positions=positions,
        confidence=confidence,
        times=times - t0,
        space="lab",
        units="m",
        up=up,
    )
    out_meta = dict(meta)
    out_meta.update(
        convention=resolved.convention,
        joint_rules=resolved.rules,
        notes=notes,
        up_axis=up_name,
        time_offset_s=t0,
    )
    if sum(m.size for m in markers.values()) <= _RAW_MARKERS_LIMIT:
        out_meta["markers"] = dict(markers)
    return Recording(source=str(path), kind=kind, world=world, meta=out_meta)
