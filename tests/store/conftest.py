"""The same store tests run on SQLite always and on PostgreSQL when VALGUS_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from valgus.store import Store, open_store

PG_ENV = "VALGUS_TEST_POSTGRES_URL"


def _fresh_pg_schema(base_url: str) -> tuple[str, str]:
    """A brand-new empty schema on the test server (so each test starts from an empty database)."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base_url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    sep = "&" if "?" in base_url else "?"
    return f"{base_url}{sep}options=-csearch_path%3D{schema}", schema


def _drop_pg_schema(base_url: str, schema: str) -> None:
    engine = create_engine(base_url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'valgus.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f'{PG_ENV} is not set (start one with: eval "$(scripts/ci/postgres.sh)")')
    url, schema = _fresh_pg_schema(base)
    yield url
    _drop_pg_schema(base, schema)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An opened, migrated store on each backend."""
    opened = open_store(db_url)
    yield opened
    opened.close()
