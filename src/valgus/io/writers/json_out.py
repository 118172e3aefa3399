"""Write the analysis JSON (docs/analysis-json.md)."""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from valgus.errors import InputError


def finite(obj: Any) -> Any:
    """``obj`` with every NaN/inf float replaced by None (JSON has neither)."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [finite(v) for v in obj]
    return obj


def write_json(data: dict[str, Any], path: Path) -> Path:
    """Write ``data`` as UTF-8 JSON (NaN/inf become null), atomically (0600, as it may hold
    health data); a folder or an unwritable path is an InputError and no temporary file stays."""
    write_text_atomic(path, json.dumps(finite(data), indent=2, ensure_ascii=False))
    return path


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: readers see the old or the new file, never half."""
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name such as result.json")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as error:
        raise InputError(f"cannot write {path} ({error.strerror or error})") from error
