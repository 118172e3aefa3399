"""The pinned pose-model registry and the local model cache.

The registry is data (``valgus/data/models.yaml``). Models live in a cache directory
(``VALGUS_MODEL_DIR``, else the platform user cache, e.g. ``~/.cache/valgus/models``).
Nothing here downloads: :mod:`valgus.pose.install` does that, at install time only.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import platformdirs

from valgus import settings
from valgus.errors import ModelError
from valgus.settings.pose import ModelEntry

MODEL_DIR_ENV = "VALGUS_MODEL_DIR"
NOT_INSTALLED = "pose model not installed: run `valgus models install` (or pass --model PATH)"


class ModelSpec(ModelEntry):
    """One pinned model (models.yaml): where its bytes come from and what they must hash to."""

    name: str


@dataclass(frozen=True)
class ModelInfo:
    """A model file ready to load: ``pinned`` is False for a user's own ``--model`` file."""

    name: str
    path: Path
    sha256: str
    bytes: int
    pinned: bool

    def as_meta(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "pinned": self.pinned,
        }


def registry() -> dict[str, ModelSpec]:
    """All pinned models by name (models.yaml)."""
    return {
        name: ModelSpec(name=name, **e.model_dump()) for name, e in settings.models().models.items()
    }


def default_model_name() -> str:
    return settings.models().default


def spec(name: str | None = None) -> ModelSpec:
    """The pinned model ``name`` (the default when None); ModelError for an unknown name."""
    name = name or default_model_name()
    models = registry()
    if name not in models:
        known = ", ".join(sorted(models))
        raise ModelError(f"unknown model {name!r}: known models are {known}")
    return models[name]


def model_dir() -> Path:
    """The model cache directory (not created here)."""
    override = os.environ.get(MODEL_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("valgus")) / "models"


def cached_path(name: str | None = None) -> Path:
    return model_dir() / spec(name).filename


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_model(name: str | None = None) -> ModelInfo:
    """The cached pinned model, checked by size and sha256 (ModelError if missing or altered)."""
    pinned = spec(name)
    path = cached_path(pinned.name)
    if not path.is_file():
        raise ModelError(NOT_INSTALLED)
    stat = path.stat()
    size = stat.st_size
    digest = _digest(str(path), size, stat.st_mtime_ns, stat.st_ino) if size == pinned.bytes else ""
    if digest != pinned.sha256:
        raise ModelError(
            f"pose model {path} fails its checksum (altered or incomplete): "
            "run `valgus models install --force`"
        )
    return ModelInfo(pinned.name, path, digest, size, pinned=True)


@lru_cache(maxsize=8)
def _digest(path: str, size: int, mtime_ns: int, inode: int) -> str:
    """SHA-256 of the file, computed once per process while its size, time and inode stay the
    same (a batch worker verifies the model once, not for every clip)."""
    return sha256_file(Path(path))


def user_model(path: Path) -> ModelInfo:
    """A user's own MediaPipe ``.task`` file: must exist; its sha256 is recorded, not enforced."""
    path = path.expanduser()
    if not path.is_file():
        raise ModelError(f"model file {path} does not exist: pass an existing .task file")
    if path.suffix.lower() != ".task":
        raise ModelError(f"model file {path} is not a MediaPipe .task bundle: pass a .task file")
    return ModelInfo(path.stem, path.resolve(), sha256_file(path), path.stat().st_size, False)


def resolve_model(path: Path | None = None) -> ModelInfo:
    """The model to run: the user's ``path`` if given, else the verified cached default."""
    return user_model(path) if path is not None else verify_model(None)
