"""MediaPipe PoseLandmarker (Tasks API, VIDEO mode) as a :class:`PoseBackend`."""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from valgus import settings
from valgus.errors import ModelError
from valgus.pose.backend import PoseFrame
from valgus.pose.landmarks import to_canonical
from valgus.pose.models import ModelInfo, resolve_model
from valgus.pose.person import choose_main

MAX_PEOPLE = 2


def people_check_s() -> float:
    """Seconds between two looks for bystanders while one person is tracked (``pose.yaml``)."""
    return settings.pose().people.check_every_s


class MediaPipeBackend:
    """BlazePose via ``mediapipe.tasks``; tracks the main person across frames.

    One instance per clip: VIDEO mode needs increasing time stamps and keeps tracking state.
    With ``num_poses`` > 1 the main person is tracked with ``num_poses=1`` (the person detector
    then runs only when tracking is lost, about twice as fast) and up to ``num_poses`` people are
    counted on one frame every ``check_every_s`` seconds (``pose.yaml``) by an image-mode
    landmarker; once a second person is seen, every remaining frame is searched (``num_poses``)
    and the main person chosen by :func:`valgus.pose.person.choose_main`. ``check_every_s=0``
    searches every frame from the start.
    """

    def __init__(
        self,
        model: Path | None = None,
        *,
        num_poses: int = MAX_PEOPLE,
        check_every_s: float | None = None,
    ) -> None:
        self.model: ModelInfo = resolve_model(model)
        self._num_poses = num_poses
        interval = people_check_s() if check_every_s is None else float(check_every_s)
        sampled = num_poses > 1 and interval > 0
        self._check_ms: float | None = interval * 1000.0 if sampled else None
        self.info: dict[str, Any] = {"backend": "mediapipe", **self.model.as_meta()}
        if sampled:
            self.info["people_check_s"] = interval
        with quiet_native_stderr():
            self._landmarker = create_landmarker(self.model.path, 1 if sampled else num_poses)
            self._counter = (
                create_landmarker(self.model.path, num_poses, video=False) if sampled else None
            )
        self._next_check_ms = -np.inf
        self._previous: NDArray[np.float64] | None = None
        self._last_ms = -1

    def process(self, rgb: NDArray[np.uint8], timestamp_ms: int) -> PoseFrame:
        import mediapipe as mp

        timestamp_ms = max(int(timestamp_ms), self._last_ms + 1)
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb))
        if self._last_ms < 1000:  # the native library logs on its first frames
            with quiet_native_stderr():
                counted = self._count_people(image, timestamp_ms)
                result = self._landmarker.detect_for_video(image, timestamp_ms)
        else:
            counted = self._count_people(image, timestamp_ms)
            result = self._landmarker.detect_for_video(image, timestamp_ms)
        self._last_ms = timestamp_ms
        n_found = len(result.pose_landmarks)
        n_people = n_found if counted is None else max(n_found, counted)
        people_counted = self._counter is None or counted is not None
        if n_found == 0:
            self._previous = None
            return replace(PoseFrame.empty(n_people), people_counted=people_counted)
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
        return PoseFrame(image_xy[main], confidence, world, n_people, people_counted)

    def _count_people(self, image: Any, timestamp_ms: int) -> int | None:
        """People on this frame when it is due for a look (None otherwise); on a second person,
        switch to searching every frame."""
        if self._counter is None or timestamp_ms < self._next_check_ms:
            return None
        assert self._check_ms is not None
        self._next_check_ms = timestamp_ms + self._check_ms
        counted = len(self._counter.detect(image).pose_landmarks)
        if counted > 1:
            with quiet_native_stderr():
                self._counter.close()
                self._counter = None
                self._landmarker.close()
                self._landmarker = create_landmarker(self.model.path, self._num_poses)
            self.info["people_search_from_s"] = round(timestamp_ms / 1000.0, 3)
        return counted

    def close(self) -> None:
        with quiet_native_stderr():
            self._landmarker.close()
            if self._counter is not None:
                self._counter.close()

    def __enter__(self) -> MediaPipeBackend:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _landmark_row(lm: Any) -> tuple[float, float, float, float, float]:
    def value(v: float | None) -> float:
        return float("nan") if v is None else float(v)

    return (lm.x, lm.y, lm.z, value(lm.visibility), value(lm.presence))


def import_mediapipe_vision() -> Any:
    """``mediapipe.tasks.python.vision``, imported without ``matplotlib.pyplot``.

    mediapipe's package imports its drawing helpers, which import pyplot (~0.3 s in every pose
    process; valgus never calls them). A stand-in module takes pyplot's place during the import and
    is removed after it, so a later ``import matplotlib.pyplot`` loads the real one.
    """
    name = "matplotlib.pyplot"
    stand_in = None
    if name not in sys.modules and "mediapipe" not in sys.modules:
        stand_in = sys.modules[name] = types.ModuleType(name, "stand-in while mediapipe imports")
    try:
        from mediapipe.tasks.python import vision
    finally:
        if stand_in is not None and sys.modules.get(name) is stand_in:
            del sys.modules[name]
    return vision


def create_landmarker(path: Path, num_poses: int, *, video: bool = True) -> Any:
    """A PoseLandmarker in VIDEO mode (tracking; ``detect_for_video``) or IMAGE mode (``detect``)."""
    vision = import_mediapipe_vision()
    from mediapipe.tasks.python import BaseOptions

    mode = vision.RunningMode.VIDEO if video else vision.RunningMode.IMAGE
    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(path)),
        running_mode=mode,
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
