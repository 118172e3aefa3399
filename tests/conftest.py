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
