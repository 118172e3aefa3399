"""The Chromium fixture for the browser tests (Playwright driving Debian's Chromium)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("VALGUS_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture
def browser() -> Iterator[Any]:
    """A headless Chromium (skipped with the reason where Playwright or Chromium is absent)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
    )
    if not CHROMIUM.is_file() and shutil.which("chromium") is None:
        pytest.skip(f"no Chromium at {CHROMIUM} (scripts/ci/browser-deps.sh installs it)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM if CHROMIUM.is_file() else shutil.which("chromium")),
            args=["--no-sandbox"],
        )
        yield chromium
        chromium.close()
