"""Tiny synthetic clips written with PyAV into tmp_path (fast, known content)."""

from __future__ import annotations

import struct
from pathlib import Path

import av
import numpy as np


def write_clip(path: Path, n_frames: int = 12, width: int = 64, height: int = 32,
               fps: int = 10) -> Path:  # fmt: skip
    """H.264 clip whose left half is white and right half black (rows identical)."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for _ in range(n_frames):
            image = np.zeros((height, width, 3), np.uint8)
            image[:, : width // 2] = 255
            container.mux(stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")))
        container.mux(stream.encode(None))
    return path


def set_rotation_90(path: Path) -> Path:
    """Patch the track header's display matrix to a 90-degree rotation (as phones write it)."""
    data = bytearray(path.read_bytes())
    tkhd = data.find(b"tkhd")
    assert tkhd > 0 and data[tkhd + 4] == 0  # version-0 track header
    matrix = tkhd + 44
    data[matrix : matrix + 36] = struct.pack(">9i", 0, 65536, 0, -65536, 0, 0, 0, 0, 0x40000000)
    path.write_bytes(bytes(data))
    return path
