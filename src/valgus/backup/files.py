"""The results folder in a backup: which files go in, and putting them back privately."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from valgus.errors import InputError

#: Not backed up: the cookie-signing key (a new one only means logging in again) and uploads
#: waiting for an analysis (the server is stopped for a restore; they are removed at start-up).
SKIPPED = (".session-key", ".uploads")
JOB_FOLDER = re.compile(r"[0-9a-f]{32}")
CHUNK = 1 << 20


def result_files(results_dir: Path) -> Iterator[tuple[str, Path]]:
    """(name inside the folder, path) of every regular file to back up, sorted; links skipped."""
    if not results_dir.is_dir():
        return
    for path in sorted(results_dir.rglob("*")):
        relative = path.relative_to(results_dir)
        if relative.parts[0] in SKIPPED or path.is_symlink() or not path.is_file():
            continue
        yield relative.as_posix(), path


def holds_results(results_dir: Path) -> bool:
    """Whether the folder holds anything a restore would replace."""
    if not results_dir.is_dir():
        return False
    return any(entry.name not in SKIPPED for entry in results_dir.iterdir())


def safe_name(name: str) -> PurePosixPath:
    """A member path that stays inside the folder it is extracted to (InputError otherwise)."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or any(part in ("", ".", "..") for part in path.parts):
        raise InputError(f"the backup holds an unsafe file name {name[:80]!r}; not restored")
    return path


class HashingReader:
    """Reads a file while computing its SHA-256 (tarfile pulls exactly ``size`` bytes)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self.digest.update(data)
        return data


def write_private(source: IO[bytes], target: Path) -> str:
    """Copy a stream into a new 0600 file (folders 0700); returns its SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest = hashlib.sha256()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def clear_results(results_dir: Path, replaced: set[str]) -> None:
    """Make room for the restored files (restore --force): remove the web app's result folders
    (``<32 hex digits>/job.json``) and the entries the archive brings back; anything else in
    the folder (someone's own files, the cookie key) is left alone."""
    for entry in results_dir.iterdir():
        result_folder = JOB_FOLDER.fullmatch(entry.name) and (entry / "job.json").is_file()
        if entry.name not in replaced and not result_folder:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def move_into(staged: Path, results_dir: Path) -> None:
    """Move the staged files (same file system) into the results folder."""
    results_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not staged.is_dir():
        return
    for entry in staged.iterdir():
        os.replace(entry, results_dir / entry.name)
