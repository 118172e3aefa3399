"""Every row of the store as JSON lines and back, on any backend (SQLite or PostgreSQL).

Rows are read and written through the SQLAlchemy tables of ``valgus.store.models`` (parents
first), so a backup made on SQLite restores into PostgreSQL and the other way round. The id
counters (SQLite ``sqlite_sequence``, PostgreSQL sequences) travel with the rows, so ids of
deleted records are not handed out again after a restore.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    LargeBinary,
    Table,
    func,
    insert,
    inspect,
    select,
    text,
)

from valgus.errors import InputError
from valgus.store.models import Base

BATCH = 500


def tables() -> list[Table]:
    """The store's tables, parents before children."""
    return list(Base.metadata.sorted_tables)


def existing_tables(connection: Connection) -> list[Table]:
    present = set(inspect(connection).get_table_names())
    return [table for table in tables() if table.name in present]


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decoder(table: Table, column: str) -> Any:
    kind = table.columns[column].type
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat
    if isinstance(kind, Date):
        return dt.date.fromisoformat
    if isinstance(kind, LargeBinary):
        return base64.b64decode
    return None


def dump_table(connection: Connection, table: Table, out: IO[str]) -> int:
    """Write the table's rows (in id order) as JSON lines; returns how many."""
    count = 0
    names = [column.name for column in table.columns]
    query = select(table).order_by(*table.primary_key.columns)
    result = connection.execution_options(yield_per=BATCH).execute(query)
    for row in result:
        record = {name: _encode(value) for name, value in zip(names, row, strict=True)}
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count


def read_rows(table: Table, lines: Iterable[str], source: str) -> Iterator[dict[str, Any]]:
    """Decode the JSON lines of one table (InputError naming the line for a damaged one)."""
    decoders: dict[str, Any] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not an object")
            row = {}
            for name, value in record.items():
                if name not in table.columns:
                    raise ValueError(f"unknown column {name[:40]!r}")
                if name not in decoders:
                    decoders[name] = _decoder(table, name)
                decode = decoders[name]
                row[name] = decode(value) if decode is not None and value is not None else value
        except (ValueError, TypeError) as error:
            raise InputError(
                f"the backup is damaged: {source} line {number} cannot be read ({error})"[:300]
            ) from error
        yield row


def load_rows(connection: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert the rows in batches; returns how many."""
    count = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            connection.execute(insert(table), batch)
            count += len(batch)
            batch = []
    if batch:
        connection.execute(insert(table), batch)
        count += len(batch)
    return count


def count_rows(connection: Connection) -> dict[str, int]:
    """Rows per store table that exists (an empty or new database gives zeros or nothing)."""
    out = {}
    for table in existing_tables(connection):
        out[table.name] = int(
            connection.execute(select(func.count()).select_from(table)).scalar_one()
        )
    return out


def id_counters(connection: Connection) -> dict[str, int]:
    """The last id handed out per table (never reused: kept across backup and restore)."""
    if connection.dialect.name == "sqlite":
        if not _has_sqlite_sequence(connection):
            return {}
        rows = connection.execute(text("SELECT name, seq FROM sqlite_sequence"))
        return {str(name): int(seq) for name, seq in rows}
    counters = {}
    for table in existing_tables(connection):
        sequence = _pg_sequence(connection, table)
        if sequence is None:
            continue
        last, called = connection.execute(
            text(f"SELECT last_value, is_called FROM {sequence}")
        ).one()
        counters[table.name] = int(last) if called else 0
    return counters


def _pg_sequence(connection: Connection, table: Table) -> str | None:
    if "id" not in table.columns:
        return None
    name = connection.execute(
        text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
    ).scalar_one_or_none()
    return str(name) if name else None


def set_id_counters(connection: Connection, counters: dict[str, int]) -> None:
    """Make every table hand out ids above both its rows and the counter of the backup."""
    for table in existing_tables(connection):
        if "id" not in table.columns:
            continue
        highest = connection.execute(
            select(table.c.id).order_by(table.c.id.desc()).limit(1)
        ).scalar_one_or_none()
        last = max(int(highest or 0), int(counters.get(table.name, 0)))
        if connection.dialect.name == "sqlite":
            _set_sqlite_counter(connection, table.name, last)
            continue
        sequence = _pg_sequence(connection, table)
        if sequence is None:
            continue
        if last > 0:
            connection.execute(text("SELECT setval(:s, :v, true)"), {"s": sequence, "v": last})
        else:
            connection.execute(text("SELECT setval(:s, 1, false)"), {"s": sequence})


def _has_sqlite_sequence(connection: Connection) -> bool:
    """Whether SQLite keeps AUTOINCREMENT counters here (the inspector hides this table)."""
    found = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
    ).first()
    return found is not None


def _set_sqlite_counter(connection: Connection, name: str, last: int) -> None:
    if not _has_sqlite_sequence(connection):
        return
    params = {"name": name, "seq": last}
    updated = connection.execute(
        text("UPDATE sqlite_sequence SET seq = :seq WHERE name = :name"), params
    ).rowcount
    if not updated:
        connection.execute(
            text("INSERT INTO sqlite_sequence (name, seq) VALUES (:name, :seq)"), params
        )


def relocate_paths(row: dict[str, Any], table: str, old: Path, new: Path) -> dict[str, Any]:
    """Point stored file paths inside the old results folder at the restored one."""
    if old == new:
        return row

    def moved(value: Any) -> Any:
        if isinstance(value, str):
            try:
                return str(new / Path(value).relative_to(old))
            except ValueError:
                return value
        return value

    if table == "artifacts" and row.get("path"):
        row["path"] = moved(row["path"])
    elif table == "trials" and isinstance(row.get("analysis"), dict):
        files = row["analysis"].get("artifacts")
        if isinstance(files, dict):
            row["analysis"]["artifacts"] = {key: moved(value) for key, value in files.items()}
    return row


def paths_outside(connection: Connection, folder: Path) -> list[str]:
    """Files the store refers to by path (kept outputs) that are not inside ``folder``."""
    artifacts = Base.metadata.tables["artifacts"]
    query = select(artifacts.c.path).where(artifacts.c.path.is_not(None))
    out = []
    for (path,) in connection.execute(query):
        if not Path(path).resolve().is_relative_to(folder):
            out.append(str(path))
    return sorted(set(out))
