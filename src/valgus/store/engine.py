"""Where the database is and how to connect to it safely (SQLite WAL or PostgreSQL)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from valgus.errors import StoreError

ENV_URL = "VALGUS_DATABASE_URL"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000


def default_sqlite_path() -> Path:
    """The SQLite file used when no URL is given: <user data dir>/valgus.db."""
    return Path(user_data_dir("valgus", appauthor=False)) / "valgus.db"


def resolve_url(url: str | None = None) -> str:
    """An explicit URL, else ``$VALGUS_DATABASE_URL``, else the default SQLite file."""
    chosen = url or os.environ.get(ENV_URL)
    if chosen:
        if "://" not in chosen:  # a plain file path
            return f"sqlite:///{Path(chosen).expanduser().resolve()}"
        return chosen
    return f"sqlite:///{default_sqlite_path()}"


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other backends and in-memory databases)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def check_sqlite_file(path: Path) -> None:
    """Refuse (without touching it) a file that exists but is not a SQLite database."""
    if not path.exists():
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        import os

        try:  # a new database file is private (0600): it holds health data
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as error:
            raise StoreError(
                f"cannot create the database file {path} ({error.strerror})"
            ) from error
        return
    if path.is_dir():
        raise StoreError(f"the database path {path} is a folder; give a file path instead")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read the database file {path} ({error.strerror})") from error
    if head and head != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a valgus database (not a SQLite file); "
            "point VALGUS_DATABASE_URL at the right file or move this one away"
        )


def _configure_sqlite(engine: Engine) -> None:
    """WAL, busy timeout, foreign keys, and real transactions that take the write lock at BEGIN."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE: concurrent writers queue on the busy timeout instead of failing on upgrade
        # from a read to a write lock; WAL readers are never blocked.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An Engine for the URL, with the SQLite safety settings applied."""
    try:
        parsed = make_url(url)
    except Exception as error:
        raise StoreError(
            f"cannot understand the database URL {url!r}; use sqlite:///file.db "
            "or postgresql+psycopg://user:pass@host/db"
        ) from error
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_file(url)
        if path is not None:
            check_sqlite_file(path)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise StoreError(f"database backend {backend!r} is not supported; use SQLite or PostgreSQL")
