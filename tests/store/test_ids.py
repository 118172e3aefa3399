"""Ids are never handed out twice (they are in URLs and links), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from valgus.store import (
    Store,
    add_athlete,
    delete_athlete,
    log_adherence,
    open_store,
    save_analysis,
    save_plan,
    save_screening,
)
from valgus.store.engine import make_engine
from valgus.store.migrate import migrate_to, schema_transaction
from valgus.store.models import Base
from valgus.store.sample import SAMPLE_PLAN, sample_analysis
from valgus.store.trials import ArtifactIn
from valgus.store.users import add_user

ID_TABLES = [table.name for table in Base.metadata.sorted_tables if "id" in table.columns]


def _everything(store: Store, code: str, tmp: Path, sha: str) -> None:
    still = tmp / f"{code}.png"
    still.write_bytes(b"png")
    add_athlete(store, code)
    save_analysis(
        store,
        code,
        sample_analysis((10.0, 12.0), source_sha256=sha),
        artifacts=[ArtifactIn("worst_rep_still", still)],
        date=dt.date(2026, 11, 1),
    )
    save_plan(store, code, SAMPLE_PLAN)
    save_screening(store, code, {"age": 20})
    log_adherence(store, code, dt.date(2026, 11, 5), 2, 1)


def _max_ids(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            name: int(connection.execute(text(f"SELECT max(id) FROM {name}")).scalar_one() or 0)
            for name in ID_TABLES
        }


def test_ids_of_an_erased_athlete_are_never_reused(store: Store, tmp_path: Path) -> None:
    add_user(store, "first-user", "long enough pw", "clinician")
    _everything(store, "GONE", tmp_path, "a" * 64)
    before = _max_ids(store)
    assert all(before[name] >= 1 for name in ID_TABLES if name != "audit_log"), before
    delete_athlete(store, "GONE")
    with store.unit_of_work() as session:  # users too: delete the only one and add another
        session.execute(text("DELETE FROM users"))
    add_user(store, "second-user", "long enough pw", "clinician")
    _everything(store, "NEW", tmp_path, "b" * 64)
    after = _max_ids(store)
    for name in ID_TABLES:
        if name == "audit_log":
            continue
        assert after[name] > before[name], (name, before[name], after[name])


def test_sqlite_tables_use_autoincrement(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'v.db'}") as store, store.engine.connect() as c:
        sql = dict(c.execute(text("SELECT name, sql FROM sqlite_master WHERE type='table'")).all())
    for name in ID_TABLES:
        assert "AUTOINCREMENT" in sql[name], name


def test_migration_0004_keeps_every_row_and_matches_the_models(tmp_path: Path) -> None:
    """A store made at 0003 (ids without AUTOINCREMENT) keeps all its rows, children included."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    with schema_transaction(engine) as connection:
        migrate_to(connection, "0003")
    engine.dispose()
    # Write rows with the models into the 0003 schema (same columns), as the old valgus did.
    from valgus.store.store import Store as RawStore

    old = RawStore(url=url, engine=make_engine(url), revision="0003")
    _everything(old, "KEEP", tmp_path, "c" * 64)
    _everything(old, "GONE", tmp_path, "d" * 64)
    delete_athlete(old, "GONE")  # without AUTOINCREMENT the next athlete would take id 2
    counts = _counts(old)
    old.close()

    with open_store(url) as store:
        assert store.revision == "0004"
        assert _counts(store) == counts and counts["rep_metrics"] == 2
        with store.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            assert diff == []
            fks = connection.exec_driver_sql("PRAGMA foreign_key_list(trials)").all()
            assert {(fk[2], fk[6]) for fk in fks} == {
                ("athletes", "CASCADE"),
                ("assessment_sessions", "CASCADE"),
            }
        add_athlete(store, "NEXT")
        with store.engine.connect() as connection:
            got = connection.execute(text("SELECT id FROM athletes WHERE code='NEXT'")).scalar()
        assert got == 2  # the largest id kept (1) + 1; GONE's id 2 was freed before 0004
        delete_athlete(store, "KEEP")  # cascades still work after the rebuild
        assert _counts(store)["rep_metrics"] == 0


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            name: int(connection.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
            for name in ID_TABLES
        }


def test_postgres_schema_matches_the_models(db_url: str) -> None:
    with open_store(db_url) as store, store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
