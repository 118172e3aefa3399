"""MediaPipe PoseLandmarker (Tasks API, VIDEO mode) as a :class:`PoseBackend`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from valgus.errors import ModelError
from valgus.pose.backend import PoseFrame
from valgus.pose.landmarks import to_canonical
from valgus.pose.models import ModelInfo, resolve_model
from valgus.pose.person import choose_main

MAX_PEOPLE = 2


class MediaPipeBackend:
    """BlazePose via ``mediapipe.tasks``; tracks the main person across frames.

    One instance per clip: VIDEO mode needs increasing time stamps and keeps tracking state.
    """

    def __init__(self, model: Path | None = None, *, num_poses: int = MAX_PEOPLE) -> None:
        self.model: ModelInfo = resolve_model(model)
        self.info: dict[str, Any] = {"backend": "mediapipe", **self.model.as_meta()}
        with quiet_native_stderr():
            self._landmarker = _create_landmarker(self.model.path, num_poses)
        self._previous: NDArray[np.float64] | None = None
        self._last_ms = -1

    def process(self, rgb: NDArray[np.uint8], timestamp_ms: int) -> PoseFrame:
        import mediapipe as mp

        timestamp_ms = max(int(timestamp_ms), self._last_ms + 1)
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb))
        if self._last_ms < 1000:  # the native library logs on its first frames
            with quiet_native_stderr():
                result = self._landmarker.detect_for_video(image, timestamp_ms)
        else:
            result = self._landmarker.detect_for_video(image, timestamp_ms)
        self._last_ms = timestamp_ms
        n_people = len(result.pose_landmarks)
        if n_people == 0:
            self._previous = None
            return PoseFrame.empty(0)
        height, width = rgb.shape[:2]
        # (P, 33, 5): x, y, z, visibility, presence (normalised image coordinates)
        raw = np.array(
            [[_landmark_row(lm) for lm in person] for person in result.pose_landmarks],
            dtype=np.float64,
        )
        image_xy = to_canonical(raw[:, :, :2] * np.array([width, height], dtype=np.float64))
        main = choose_main(image_xy, self._previous)
        self._previous = image_xy[main]
        confidence = to_canonical(np.fmin(raw[main, :, 3], raw[main, :, 4])[:, None])[:, 0]
        world = np.full((image_xy.shape[1], 3), np.nan)
        if len(result.pose_world_landmarks) > main:
            world_raw = np.array(
                [[lm.x, lm.y, lm.z] for lm in result.pose_world_landmarks[main]], dtype=np.float64
            )
            world = to_canonical(world_raw)
        return PoseFrame(image_xy[main], confidence, world, n_people)

    def close(self) -> None:
        with quiet_native_stderr():
            self._landmarker.close()

    def __enter__(self) -> MediaPipeBackend:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _landmark_row(lm: Any) -> tuple[float, float, float, float, float]:
    def value(v: float | None) -> float:
        return float("nan") if v is None else float(v)

    return (lm.x, lm.y, lm.z, value(lm.visibility), value(lm.presence))


def _create_landmarker(path: Path, num_poses: int) -> Any:
    from mediapipe.tasks.python import BaseOptions, vision

    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(path)),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=num_poses,
    )
    try:
        return vision.PoseLandmarker.create_from_options(options)
    except (RuntimeError, ValueError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ModelError(
            f"pose model {path.name} cannot be loaded ({first}): pass a MediaPipe pose .task file"
        ) from None


@contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """Silence the C++ INFO/WARNING lines MediaPipe/LiteRT print on fd 2 (unless VALGUS_DEBUG)."""
    if os.environ.get("VALGUS_DEBUG"):
        yield
        return
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
