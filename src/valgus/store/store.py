"""The Store: one engine, one schema check, and a unit of work per write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from valgus.errors import StoreError
from valgus.store.engine import make_engine, resolve_url
from valgus.store.migrate import upgrade


@dataclass
class Store:
    """An opened, up-to-date database. Use :meth:`unit_of_work` for every read or write."""

    url: str
    engine: Engine
    revision: str
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session whose changes are committed together at the end, or not at all."""
        with self._sessions() as session:
            try:
                with session.begin():
                    yield session
            except IntegrityError as error:
                raise StoreError(
                    f"the database refused the change ({_first_line(error)})"
                ) from error
            except OperationalError as error:
                raise StoreError(f"the database is not available ({_first_line(error)})") from error

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _first_line(error: Exception) -> str:
    orig = getattr(error, "orig", None)
    return str(orig or error).strip().splitlines()[0]


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating as needed) the store at URL, $VALGUS_DATABASE_URL or default.

    Raises StoreError for an unreadable file, a newer schema or an unreachable server; in those
    cases nothing is written.
    """
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    try:
        revision = upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(url=resolved, engine=engine, revision=revision)
