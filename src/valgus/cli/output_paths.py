"""Output paths checked before a slow command starts (a folder where a file goes, and so on)."""

from __future__ import annotations

from pathlib import Path

from valgus.errors import InputError


def _existing_ancestor(path: Path, option: str) -> None:
    for parent in path.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"{option} {path}: {parent} is a file, not a folder")
            return


def check_file_target(path: Path | None, option: str) -> None:
    """A file will be written at ``path``: refuse a folder or a path through a file."""
    if path is None:
        return
    if path.is_dir():
        raise InputError(f"{option} {path} is a folder; give a file name such as result.json")
    _existing_ancestor(path, option)


def check_folder_target(path: Path | None, option: str) -> None:
    """Files will be written into the folder ``path``: refuse an existing file there."""
    if path is None:
        return
    if path.exists() and not path.is_dir():
        raise InputError(f"{option} {path} is a file; give a folder")
    _existing_ancestor(path, option)
