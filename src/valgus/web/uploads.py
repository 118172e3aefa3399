"""Accept one upload: check its name, type and size, and copy it to a private temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from valgus.web.errors import UploadError
from valgus.web.settings import ACCEPTED_EXTENSIONS

CHUNK = 1 << 20
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(filename: str | None) -> str:
    """A file name safe to write: the base name, unusual characters replaced, at most 80 chars."""
    base = Path((filename or "").replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = _UNSAFE.sub("_", stem).strip("._") or "upload"
    return f"{stem[:80]}{suffix}"


def check_extension(filename: str | None) -> str:
    """The lower-case extension of an accepted file; UploadError (415) otherwise."""
    if not filename:
        raise UploadError("choose a file to analyse (no file was sent)")
    suffix = Path(filename).suffix.lower()
    if suffix not in ACCEPTED_EXTENSIONS:
        raise UploadError(
            f"{Path(filename).name}: files of type {suffix or '(no extension)'} cannot be "
            f"analysed; send a video ({', '.join(e.lstrip('.') for e in ACCEPTED_EXTENSIONS[:6])}) "
            "or a motion file (trc, c3d, MediaPipe csv)",
            415,
        )
    return suffix


def too_large_message(limit_bytes: int) -> str:
    return (
        f"the file is larger than the {limit_bytes / 2**20:.0f} MB limit; trim the clip to the "
        "movement or film at a lower resolution"
    )


def save_upload(
    source: BinaryIO, filename: str | None, limit_bytes: int, parent: Path | None
) -> Path:
    """Copy the upload into a new private folder and return its path.

    Raises UploadError: no file, wrong extension (415), empty (400), over the limit (413). On any
    refusal nothing is left behind.
    """
    check_extension(filename)
    folder = Path(tempfile.mkdtemp(prefix="valgus-upload-", dir=parent))
    target = folder / safe_name(filename)
    try:
        size = 0
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            while block := source.read(CHUNK):
                size += len(block)
                if size > limit_bytes:
                    raise UploadError(too_large_message(limit_bytes), 413)
                out.write(block)
        if size == 0:
            raise UploadError(f"{target.name} is empty (0 bytes); choose the file again", 400)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return target


def discard_upload(path: Path) -> None:
    """Delete an upload and its private folder."""
    shutil.rmtree(path.parent, ignore_errors=True)
