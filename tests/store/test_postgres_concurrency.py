"""Two processes writing to the same PostgreSQL database at once."""

from __future__ import annotations

import pytest
from tests.store.test_sqlite_file import run_concurrent_writers


@pytest.mark.postgres
def test_two_processes_write_same_postgres(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL variant only (SQLite is covered in test_sqlite_file)")
    run_concurrent_writers(db_url)
