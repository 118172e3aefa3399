"""pose.yaml (pose backend: bystander checks, worker processes) and models.yaml (pinned models)."""

from __future__ import annotations

from valgus.settings.base import DataFile, Strict


class People(Strict):
    check_every_s: float


class Parallel(Strict):
    max_workers: int
    min_frames_per_worker: int
    first_part_extra_frames: int


class PoseFile(DataFile):
    FILE = "pose.yaml"
    people: People
    parallel: Parallel


class ModelEntry(Strict):
    description: str
    filename: str
    package: str
    version: str
    member: str
    sha256: str
    bytes: int
    licence: str
    upstream: str | None = None  # where the maker publishes it (never fetched)


class ModelsFile(DataFile):
    FILE = "models.yaml"
    default: str
    models: dict[str, ModelEntry]


class AnnotatedVideo(Strict):
    preset: str
    crf: int
    max_short_side: int
    first_part_extra_frames: int
    encoder_threads_in_parts: int


class VideoFile(DataFile):
    FILE = "video.yaml"
    annotated_video: AnnotatedVideo
