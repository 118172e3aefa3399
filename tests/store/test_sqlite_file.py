"""SQLite-only behaviour: default location, settings, garbage files, concurrent processes."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest
from sqlalchemy import text

from valgus.errors import StoreError
from valgus.store import add_athlete, load_history, open_store, save_analysis
from valgus.store.engine import default_sqlite_path, resolve_url
from valgus.store.sample import sample_analysis


def test_default_url_is_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VALGUS_DATABASE_URL", raising=False)
    assert resolve_url() == f"sqlite:///{default_sqlite_path()}"
    assert default_sqlite_path().name == "valgus.db"
    monkeypatch.setenv("VALGUS_DATABASE_URL", "postgresql+psycopg://u:p@h/db")
    assert resolve_url() == "postgresql+psycopg://u:p@h/db"


def test_pragmas(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'v.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 30000
    store.close()


def test_garbage_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "valgus.db"
    garbage = bytes(range(256)) * 20
    path.write_bytes(garbage)
    with pytest.raises(StoreError, match="not a valgus database"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["valgus.db"]


def test_truncated_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "valgus.db"
    content = b"SQLite format 3\x00" + b"\xff" * 84
    path.write_bytes(content)
    with pytest.raises(StoreError, match="cannot open the database"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == content


def _writer(url: str, code: str, n: int, queue: mp.Queue) -> None:
    try:
        store = open_store(url)
        for i in range(n):
            save_analysis(
                store,
                code,
                sample_analysis((float(i), float(i) + 1.0), source_name=f"{code}-{i}.mp4"),
            )
        store.close()
        queue.put("ok")
    except Exception as error:
        queue.put(repr(error))


def run_concurrent_writers(url: str, n: int = 15) -> None:
    """Two processes write to the same database at once; every write must land."""
    store = open_store(url)
    add_athlete(store, "P1")
    add_athlete(store, "P2")
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(url, code, n, queue)) for code in ("P1", "P2")]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
    results = [queue.get(timeout=5) for _ in procs]
    assert results == ["ok", "ok"]
    for code in ("P1", "P2"):
        trials = [t for s in load_history(store, code).sessions for t in s.trials]
        assert len(trials) == n
        assert sum(len(t.reps) for t in trials) == 2 * n
    store.close()


def test_two_processes_write_same_sqlite_file(tmp_path: Path) -> None:
    run_concurrent_writers(f"sqlite:///{tmp_path / 'shared.db'}")


def test_first_open_by_two_processes_migrates_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'race.db'}"
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=open_store, args=(url,)) for _ in range(3)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    store = open_store(url)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM alembic_version")).scalar_one() == 1
