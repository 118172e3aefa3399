"""Shared fixtures. Real data is read from ../shared/data and never copied into the repo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("VALGUS_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real recordings in ../shared/data; the test is skipped where that folder is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (set VALGUS_SHARED_DATA)")
    return SHARED_DATA


def require(path: Path) -> Path:
    """Skip (with the reason) when one real file is missing."""
    if not path.exists():
        pytest.skip(f"real data file {path} is absent")
    return path


@pytest.fixture(autouse=True)
def _analysis_json_matches_schema(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Every analysis JSON a test writes (under its tmp_path) is checked against the published
    JSON Schema (docs/analysis-json.schema.json, generated from valgus.analysis.model)."""
    yield
    tmp = request.node.funcargs.get("tmp_path") if hasattr(request.node, "funcargs") else None
    if tmp is None:
        return
    written = list(Path(tmp).rglob("*.analysis.json"))
    if not written:
        return
    import json

    import jsonschema

    schema = json.loads((REPO / "docs" / "analysis-json.schema.json").read_text("utf-8"))
    for path in written:
        jsonschema.validate(json.loads(path.read_text("utf-8")), schema)


@pytest.fixture(autouse=True, scope="session")
def private_user_data(tmp_path_factory: pytest.TempPathFactory) -> object:
    """No test reads or writes the user's own store (<user data dir>/valgus.db): the default
    data folder is a temporary one for the whole session (the model cache is left alone)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("user-data")))
    yield
    patch.undo()
