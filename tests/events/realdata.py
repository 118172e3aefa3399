"""Tiny private readers for the real test data (the project's readers live elsewhere)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def read_trc(path: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(marker names, times (T,), positions (T, M, 3)); TRC: tab-separated, 5 header lines, Y up."""
    lines = path.read_text().splitlines()
    names = [n for n in lines[3].split("\t")[2:] if n.strip()]
    data = np.genfromtxt(path, skip_header=5, delimiter="\t")
    data = data[:, : 2 + 3 * len(names)]
    return names, data[:, 1], data[:, 2:].reshape(len(data), len(names), 3)


def read_c3d(path: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(labels, times (T,), positions (T, M, 3) in mm) with ezc3d; zero-residual points -> NaN."""
    import ezc3d

    c = ezc3d.c3d(str(path))
    pts = np.asarray(c["data"]["points"])[:3].transpose(2, 1, 0).astype(np.float64)
    labels = list(c["parameters"]["POINT"]["LABELS"]["value"])
    rate = float(c["parameters"]["POINT"]["RATE"]["value"][0])
    pts[np.all(pts == 0, axis=2)] = np.nan
    return labels, np.arange(pts.shape[0]) / rate, pts


def marker(names: list[str], pos: np.ndarray, name: str) -> np.ndarray:
    return pos[:, names.index(name), :]
