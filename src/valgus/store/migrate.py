"""Bring a database to the newest schema this code knows, or refuse a newer one untouched."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DatabaseError, OperationalError

from valgus.errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")
PG_MIGRATION_LOCK = 0x76616C67  # "valg": serialises concurrent first opens on PostgreSQL


def alembic_config() -> Config:
    """An Alembic config pointing at the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The schema revision stored in the database (None for an empty database)."""
    return MigrationContext.configure(connection).get_current_revision()


def _check_known(revision: str | None) -> None:
    if revision is None:
        return
    known = {
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }
    if revision not in known:
        raise StoreError(
            f"the database has schema {revision}, newer than this valgus knows "
            f"(newest {head_revision()}); upgrade valgus to open it (nothing was changed)"
        )


@contextmanager
def schema_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction for changing the schema: all of it is committed, or none.

    PostgreSQL: the migration lock is held. SQLite: foreign keys are off while the tables are
    rebuilt (batch mode copies a table and drops the old one, which would otherwise cascade
    into its children) and checked before the commit.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        driver = connection.connection.driver_connection
        if sqlite:  # outside any transaction, where SQLite honours this pragma
            driver.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                if not sqlite:
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK}
                    )
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise StoreError(
                            f"the change would leave a row of {broken[0]} pointing at a missing "
                            f"{broken[2]} row; nothing was changed"
                        )
        finally:
            if sqlite:
                driver.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def migrate_to(connection: Connection, revision: str) -> None:
    """Run the migrations up to ``revision`` on the caller's connection (inside its transaction)."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def upgrade(engine: Engine) -> str:
    """Upgrade to head inside one transaction (the schema lock is held while checking)."""
    try:
        with schema_transaction(engine) as connection:
            revision = current_revision(connection)
            _check_known(revision)
            head = head_revision()
            if revision != head:
                migrate_to(connection, "head")
            return head
    except (OperationalError, DatabaseError) as error:
        reason = str(error.orig).splitlines()[0] if error.orig else str(error)
        raise StoreError(f"cannot open the database ({reason}); check the URL or file") from error
