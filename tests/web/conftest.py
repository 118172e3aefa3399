"""A web app on a temporary SQLite store and results folder, and helpers to wait for jobs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from valgus.web import WebSettings, create_app

from .helpers import add_user, log_in


@pytest.fixture
def settings(tmp_path: Path) -> WebSettings:
    return WebSettings(
        db_url=f"sqlite:///{tmp_path / 'web.db'}",
        results_dir=tmp_path / "results",
        upload_dir=tmp_path / "uploads",
        max_upload_mb=5,
        allowed_hosts=("testserver", "127.0.0.1", "localhost"),
    )


@pytest.fixture
def app(settings: WebSettings) -> FastAPI:
    assert settings.upload_dir is not None
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client logged in as an admin (its CSRF token sent on every request)."""
    with TestClient(app) as test_client:
        add_user(app, "admin", role="admin")
        log_in(test_client, "admin")
        yield test_client


@pytest.fixture(scope="session")
def demo_trc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from valgus.cli.demo import write_demo_trc

    return write_demo_trc(tmp_path_factory.mktemp("demo"))
