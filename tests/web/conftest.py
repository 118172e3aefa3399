"""A web app on a temporary SQLite store and results folder, and helpers to wait for jobs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from valgus.web import WebSettings, create_app


@pytest.fixture
def settings(tmp_path: Path) -> WebSettings:
    return WebSettings(
        db_url=f"sqlite:///{tmp_path / 'web.db'}",
        results_dir=tmp_path / "results",
        upload_dir=tmp_path / "uploads",
        max_upload_mb=5,
    )


@pytest.fixture
def client(settings: WebSettings) -> Iterator[TestClient]:
    assert settings.upload_dir is not None
    settings.upload_dir.mkdir(parents=True)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def demo_trc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from valgus.cli.demo import write_demo_trc

    return write_demo_trc(tmp_path_factory.mktemp("demo"))
