"""Video -> Recording: run a pose backend over every frame of a clip (streaming)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from valgus.errors import NoPersonError
from valgus.io.readers.pose_buffers import FrameBuffers
from valgus.io.readers.pose_workers import PartResult, Workers, plan_parts
from valgus.io.video import Crop, VideoInfo, iter_frames, probe
from valgus.keypoints import Keypoints, Recording
from valgus.pose.backend import PoseBackend
from valgus.pose.person import same_person
from valgus.signals.vec import seen_frames

# Below this share of frames with a person, the clip cannot be analysed.
MIN_PERSON_FRACTION = 0.10

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class EarlyCheck:
    """A look at the first ``at_s`` seconds before the rest of a long clip is estimated.

    ``check`` gets the recording so far and raises (e.g. ViewError for a side view) to stop early,
    so a clip that cannot be measured is refused in seconds instead of after the whole clip. It
    runs only on clips at least ``min_ratio`` times longer than ``at_s``.
    """

    at_s: float
    check: Callable[[Recording], None]
    min_ratio: float = 2.0


def read_video(
    path: Path | str,
    *,
    model: Path | None = None,
    crop: Crop | str | None = None,
    progress: Progress | None = None,
    backend: PoseBackend | None = None,
    max_people: int = 2,
    early_check: EarlyCheck | None = None,
    workers: int | None = None,
) -> Recording:
    """Pose of the main person in every frame of ``path``.

    image keypoints: space "image", pixels in the (cropped) frame; world keypoints: space
    "camera", metres. NaN where no person was found. ``progress(done, total)`` is called as
    frames are processed (total is the probed frame count). ``backend`` defaults to MediaPipe
    with ``model`` (the verified cached default model when None), looking for up to
    ``max_people`` people (2: bystanders are counted, on one frame every ``pose.yaml``
    people.check_every_s while one person is tracked, on every frame once a second one is seen;
    1: nobody else is looked for).
    ``early_check`` may refuse the clip from its first seconds (see EarlyCheck). ``workers``:
    processes sharing the clip (default: one per core, ``pose.yaml`` parallel; see pose_workers).
    """
    path = Path(path)
    crop = Crop.parse(crop) if isinstance(crop, str) else crop
    info = probe(path)
    pending = early_check
    if pending is not None and info.duration_s < pending.min_ratio * pending.at_s:
        pending = None
    own_backend = backend is None
    starts = [0]  # a caller's backend runs every frame itself
    if backend is None:
        first_min = 0 if pending is None else math.ceil(pending.at_s * info.fps) + 1
        starts = plan_parts(info.n_frames, first_min, cores=workers)
    # the workers start first: their imports and model loading overlap this process's
    pool = Workers.start(path, crop, model, max_people, starts) if len(starts) > 1 else None
    try:
        if backend is None:
            from valgus.pose.mediapipe_backend import MediaPipeBackend

            backend = MediaPipeBackend(model, num_poses=max_people)
    except BaseException:
        if pool is not None:
            pool.close()
        raise
    buffers = FrameBuffers.allocate(max(info.n_frames, 1))
    waiting = True  # the workers' frames count towards the progress while they run
    shown = 0

    def report(done: int) -> None:
        nonlocal shown
        shown = max(shown, done)  # a part redone here does not move the bar back
        if progress is not None:
            progress(shown, max(info.n_frames, shown))

    def run_here(start: int, stop: int | None) -> None:
        """Frames [start, stop) through this process's backend, continuing its track."""
        nonlocal pending
        for index, time_s, rgb in iter_frames(path, crop, start=start, stop=stop):
            buffers.put(index, time_s, backend.process(rgb, round(time_s * 1000.0)))
            report(buffers.count + (pool.poll() if pool is not None and waiting else 0))
            if pending is not None and time_s >= pending.at_s:
                so_far = buffers.trimmed(copy=True)
                if _found(so_far).any():
                    pending.check(_recording(path, info, crop, so_far, dict(backend.info), True))
                pending = None

    try:
        run_here(0, starts[1] if len(starts) > 1 else None)
        part_infos: list[dict[str, Any]] = []
        if pool is not None:
            main_done = buffers.count
            parts = pool.wait(lambda done: report(main_done + done))
            waiting = False
            if not _place_parts(buffers, parts, part_infos):
                # a part failed, or began on another of several people: every later frame here,
                # on this track (the result of a one-process run)
                part_infos = []
                run_here(starts[1], None)
        model_info = dict(backend.info)
        for part_info in part_infos:
            _merge_people_search(model_info, part_info)
    finally:
        if pool is not None:
            pool.close()
        if own_backend:
            backend.close()
    return _recording(path, info, crop, buffers.trimmed(), model_info)


def _place_parts(
    buffers: FrameBuffers, parts: list[PartResult], infos: list[dict[str, Any]]
) -> bool:
    """Put the parts run apart into the buffers, in order; False when the rest must be redone
    here (a part failed, or starts on another person than the one this track left off with)."""
    for part in parts:
        if part.start > buffers.count:  # decoding stopped early here: so would one process
            return True
        if part.arrays is None or not _continues_track(buffers, part.start, part.arrays):
            return False
        buffers.put_block(part.start, part.arrays)
        infos.append(part.info)
    return True


def _continues_track(buffers: FrameBuffers, start: int, arrays: dict[str, NDArray[Any]]) -> bool:
    """Whether a part run apart starts on the person this track left off with: always when it
    saw one person only; with several, when its first main person is the one of frame start - 1
    (or that cannot be told)."""
    if start == 0 or not (arrays["n_people"] > 1).any():
        return True
    return same_person(arrays["image"][0], buffers.image[start - 1]) is not False


def _merge_people_search(info: dict[str, Any], part: dict[str, Any]) -> None:
    """The clip's first switch to searching every frame, over the parts run apart."""
    key = "people_search_from_s"
    if key in part and (key not in info or part[key] < info[key]):
        info[key] = part[key]


def _found(data: FrameBuffers) -> NDArray[np.bool_]:
    """Frames in which the pose model found a person."""
    return seen_frames(data.image)


def people_in_view(n_people: NDArray[np.int_], counted: NDArray[np.bool_]) -> NDArray[np.int_]:
    """People per frame: a frame in which only the main person was tracked takes the larger count
    of the nearest looked-at frames before and after it (at least its own)."""
    n = np.asarray(n_people, dtype=np.int_)
    fill = ~np.asarray(counted, dtype=bool) & (n > 0)
    if not fill.any():
        return n
    idx = np.arange(n.shape[0])
    before = np.maximum.accumulate(np.where(counted, idx, -1))
    after = np.minimum.accumulate(np.where(counted, idx, n.shape[0])[::-1])[::-1]
    last = max(n.shape[0] - 1, 0)
    n_before = np.where(before >= 0, n[np.clip(before, 0, last)], 0)
    n_after = np.where(after < n.shape[0], n[np.clip(after, 0, last)], 0)
    return np.where(fill, np.maximum(n, np.maximum(n_before, n_after)), n)


def _recording(
    path: Path,
    info: VideoInfo,
    crop: Crop | None,
    data: FrameBuffers,
    model: dict[str, object],
    partial: bool = False,
) -> Recording:
    found = _found(data)
    share = float(found.mean()) if data.count else 0.0
    if share < MIN_PERSON_FRACTION and not partial:
        raise NoPersonError(
            f"no person found in {path.name} (pose found in {found.sum()} of {data.count} frames): "
            "film the whole body, well lit, one person in view"
            + ("" if crop is None else ", or check the --crop box")
        )
    width, height = info.cropped_size(crop)
    image = Keypoints(data.image, data.confidence, data.times, space="image", units="px")
    world_conf = np.where(np.isfinite(data.world).all(axis=2), data.confidence, np.nan)
    world = Keypoints(
        data.world, world_conf, data.times, space="camera", units="m",
        up=np.array([0.0, -1.0, 0.0]),
    )  # fmt: skip
    meta = {
        "fps": info.fps,
        "rotation": info.rotation,
        "crop": None if crop is None else str(crop),
        "video_size": (info.width, info.height),
        "model": model,
        "frames_with_person": int(found.sum()),
    }
    return Recording(
        source=str(path), kind="video", image=image, world=world,
        image_size=(width, height), n_people=people_in_view(data.n_people, data.counted),
        meta=meta,
    )  # fmt: skip
