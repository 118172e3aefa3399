"""The one settings loader: a data file of ``valgus/data`` parsed into its typed model.

Every model refuses unknown keys (``extra="forbid"``), so a misspelt key in a data file is an
error when the file is first read, not a silently ignored value.
"""

from __future__ import annotations

from functools import cache
from typing import ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from valgus.datafiles import load
from valgus.errors import InputError


class Strict(BaseModel):
    """A part of a data file: every key declared, read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DataFile(Strict):
    """A whole data file; ``FILE`` is its path below ``valgus/data``."""

    FILE: ClassVar[str]
    version: int


M = TypeVar("M", bound=DataFile)


@cache
def read(model: type[M]) -> M:
    """The data file of ``model``, parsed and checked once (cached; read-only)."""
    try:
        return model.model_validate(load(model.FILE))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"the data file {model.FILE} is malformed at {where}: {first['msg']}; reinstall valgus"
        ) from exc
