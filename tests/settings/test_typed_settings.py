"""Typed settings: every data file has a strict model, a misspelt key fails, every declared key is
read by the code, and each constant has one home."""

from __future__ import annotations

import re
import types
import typing
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from valgus import settings
from valgus.datafiles import load
from valgus.errors import InputError
from valgus.settings.base import DataFile, read

SRC = Path(settings.__file__).resolve().parents[1]  # src/valgus
# Keys that document a number (its citation or a comment for the reader), not read by code.
DOCUMENTATION = {"version", "source", "sources", "note", "upstream"}


def _data_files() -> list[str]:
    root = resources.files("valgus.data")
    out = []
    for entry in root.iterdir():
        if entry.name.endswith(".yaml"):
            out.append(entry.name)
        elif entry.is_dir() and not entry.name.startswith("__"):
            out += [f"{entry.name}/{f.name}" for f in entry.iterdir() if f.name.endswith(".yaml")]
    return sorted(out)


def test_every_data_file_has_a_model_and_validates() -> None:
    assert sorted(m.FILE for m in settings.FILES) == _data_files()
    for model in settings.FILES:
        assert isinstance(read(model), model)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    args = typing.get_args(annotation)
    if isinstance(annotation, types.UnionType) or args:
        return [m for a in args for m in _models_in(a)]
    return []


def _fields(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[tuple[str, str]]:
    """(model name, field name) of a model and every model nested in it."""
    if model in seen:
        return set()
    seen.add(model)
    out = set()
    for name, info in model.model_fields.items():
        out.add((model.__name__, name))
        for inner in _models_in(info.annotation):
            out |= _fields(inner, seen)
    return out


def _code() -> str:
    parts = []
    for path in sorted(SRC.rglob("*")):
        if path.suffix in {".py", ".html", ".j2"}:  # field declarations never read ".name"
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def test_every_declared_key_is_read_somewhere() -> None:
    code = _code()
    declared: set[tuple[str, str]] = set()
    for model in settings.FILES:
        declared |= _fields(model, set())
    unread = sorted(
        f"{owner}.{name}"
        for owner, name in declared
        if name not in DOCUMENTATION
        # read as an attribute, or as a key of an output the settings are dumped into
        and not re.search(rf"\.{name}\b|\[['\"]{name}['\"]\]", code)
    )
    assert unread == [], f"declared in valgus/settings but never read: {unread}"


@pytest.mark.parametrize("model", settings.FILES, ids=lambda m: m.FILE)
def test_a_misspelt_key_fails(model: type[DataFile]) -> None:
    raw = dict(load(model.FILE))
    key = next(k for k in raw if k != "version")
    misspelt = {**raw, key + "s": raw[key]}
    with pytest.raises(ValidationError):
        model.model_validate(misspelt)


def test_a_misspelt_nested_key_fails() -> None:
    raw = load("camera.yaml")
    bad = {**raw, "yaw": {**raw["yaw"], "ok_max_dge": 10.0}}
    with pytest.raises(ValidationError):
        settings.CameraFile.model_validate(bad)


def test_a_malformed_file_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(DataFile):
        FILE = "camera.yaml"
        nothing_here: int

    with pytest.raises(InputError, match=r"camera.yaml is malformed at nothing_here"):
        read(Broken)


def test_task_norms_and_headlines_point_at_declared_entries() -> None:
    norms = settings.norms()
    for task in settings.tasks().tasks.values():
        assert set(task.norms.values()) <= set(norms.fppa)
    for entry in settings.headlines().metrics.values():
        norms.measurement_error.of(entry.error)  # every headline has its error
        assert entry.base is None or entry.base in settings.headlines().metrics


def _data_text(name: str) -> str:
    return resources.files("valgus.data").joinpath(name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("pattern", "home"),
    [
        (r"\bsdd(_deg)?\s*:", "norms.yaml"),  # smallest detectable differences
        (r"\bsem(_deg)?\s*:", "norms.yaml"),  # standard errors of measurement
        (r"no_progress_weeks", "referral.yaml"),  # weeks without change before a re-assessment
        (r"retest_weeks|retest:\s*$", "program/templates.yaml"),  # the retest interval
        (r"cutoff_hz", "signals.yaml"),  # low-pass cut-offs
    ],
)
def test_each_constant_has_one_home(pattern: str, home: str) -> None:
    holders = [f for f in _data_files() if re.search(pattern, _data_text(f), re.MULTILINE)]
    assert holders == [home]
