"""`valgus backup` / `valgus restore`: the database and the results folder in one private archive.

The archive is a gzip-compressed tar file (0600):

    db/<table>.jsonl      every row of every store table (rows.py), parents first
    files/<path>          every file of the results folder (result JSON, CSVs, videos, stills)
    manifest.json         format, schema revision, row counts, id counters, SHA-256 of every file

A restore reads and checks the whole archive into a private staging folder first; then, in one
database transaction, it replaces the tables (at the archive's schema, then migrated to this
valgus's newest), and moves the files into place. A damaged archive changes nothing.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from alembic.script import ScriptDirectory
from sqlalchemy import text

from valgus import __version__
from valgus.backup import files as backup_files
from valgus.backup import rows as backup_rows
from valgus.errors import InputError, StoreError, ValgusError
from valgus.store.engine import make_engine, resolve_url
from valgus.store.migrate import alembic_config, migrate_to, schema_transaction
from valgus.store.models import Base
from valgus.store.store import Store, open_store
from valgus.store.users import audit
from valgus.web.running import served_by

FORMAT = "valgus-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 64 << 20


@dataclass
class Summary:
    """What a backup holds or a restore put back."""

    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0
    schema: str = ""
    outside: list[str] = field(default_factory=list)  # stored file paths not in the archive

    def line(self) -> str:
        shown = ", ".join(f"{n} {t}" for t, n in self.rows.items() if n) or "no rows"
        return f"{shown}; {self.files} files ({self.file_bytes / 1e6:.1f} MB)"


def _reason(error: BaseException) -> str:
    text_ = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text_[:200]


def _check_target(target: Path, force: bool) -> Path:
    target = target.expanduser()
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name such as valgus-backup.tar.gz")
    if not target.parent.is_dir():
        raise InputError(f"the folder {target.parent} does not exist")
    if target.exists() and not force:
        raise InputError(f"{target} already exists; give another name or add --force")
    return target


def _private_file(path: Path) -> IO[bytes]:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


def make_backup(
    target: Path, db_url: str | None, results_dir: Path, *, force: bool = False, user: str
) -> Summary:
    """Write the store and the results folder to ``target`` (0600); audited."""
    target = _check_target(target, force)
    with open_store(db_url) as store:
        audit(store, user, "backup", f"file:{target.name}"[:255], str(target.resolve()))
        try:
            with tempfile.TemporaryDirectory(prefix=".valgus-backup-", dir=target.parent) as tmp:
                partial = Path(tmp) / "archive.tar.gz"
                with _private_file(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                    summary = _write(tar, Path(tmp), store, results_dir.expanduser())
                os.replace(partial, target)
        except OSError as error:
            raise InputError(f"cannot write the backup {target} ({_reason(error)})") from error
    summary.path = target
    return summary


def _write(tar: tarfile.TarFile, tmp: Path, store: Store, results_dir: Path) -> Summary:
    summary = Summary(path=Path(), schema=store.revision)
    connection = store.engine.connect()
    if store.backend == "postgresql":  # one consistent snapshot of every table
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    with connection, connection.begin():
        for table in backup_rows.existing_tables(connection):
            dumped = tmp / f"{table.name}.jsonl"
            with dumped.open("w", encoding="utf-8") as out:
                summary.rows[table.name] = backup_rows.dump_table(connection, table, out)
            tar.add(dumped, arcname=f"db/{table.name}.jsonl", filter=_private_member)
            dumped.unlink()
        counters = backup_rows.id_counters(connection)
        summary.outside = backup_rows.paths_outside(connection, results_dir.resolve())
    listed: dict[str, dict[str, Any]] = {}
    for name, path in backup_files.result_files(results_dir):
        info = tar.gettarinfo(str(path), arcname=f"files/{name}")
        info = _private_member(info)
        with path.open("rb") as handle:
            reader = backup_files.HashingReader(handle)
            tar.addfile(info, reader)  # type: ignore[arg-type]
        listed[name] = {"size": info.size, "sha256": reader.digest.hexdigest()}
        summary.files += 1
        summary.file_bytes += info.size
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "valgus_version": __version__,
        "backend": store.backend,
        "schema": store.revision,
        "results_dir": str(results_dir.resolve()),
        "tables": summary.rows,
        "id_counters": counters,
        "files": listed,
    }
    data = json.dumps(manifest, indent=1).encode("utf-8")
    (tmp / MANIFEST).write_bytes(data)
    tar.add(tmp / MANIFEST, arcname=MANIFEST, filter=_private_member)
    return summary


def _private_member(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


# --- restore -------------------------------------------------------------------------------


def _unpack(source: Path, staging: Path) -> dict[str, Any]:
    """Extract the archive into ``staging`` (db/, files/) and return its checked manifest."""
    manifest: dict[str, Any] | None = None
    hashes: dict[str, str] = {}
    tables: set[str] = set()
    known_tables = {table.name for table in backup_rows.tables()}
    try:
        with tarfile.open(source, mode="r|gz") as tar:
            for member in tar:
                if not member.isfile():
                    raise InputError(
                        f"{source} holds {member.name[:80]!r}, which is not a plain file; "
                        "it is not a valgus backup (nothing was changed)"
                    )
                handle = tar.extractfile(member)
                assert handle is not None
                if member.name == MANIFEST:
                    if member.size > MAX_MANIFEST_BYTES:
                        raise InputError(f"{source}: the manifest is implausibly large")
                    manifest = json.loads(handle.read().decode("utf-8"))
                elif member.name.startswith("db/") and member.name.endswith(".jsonl"):
                    name = member.name[3:-6]
                    if name not in known_tables:
                        raise InputError(
                            f"{source} holds rows of an unknown table {name[:60]!r}; "
                            "it was made by another valgus (nothing was changed)"
                        )
                    backup_files.write_private(handle, staging / "db" / f"{name}.jsonl")
                    tables.add(name)
                elif member.name.startswith("files/"):
                    relative = backup_files.safe_name(member.name[6:])
                    target = staging / "files" / relative
                    hashes[relative.as_posix()] = backup_files.write_private(handle, target)
                    os.utime(target, (member.mtime, member.mtime))
                else:
                    raise InputError(
                        f"{source} holds {member.name[:80]!r}; it is not a valgus backup "
                        "(nothing was changed)"
                    )
    except ValgusError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError) as error:
        cut = isinstance(error, EOFError) or "end of data" in str(error)
        reason = "it ends too early" if cut else _reason(error)
        raise InputError(
            f"{source} is not a valgus backup or is damaged ({reason}); nothing was changed"
        ) from error
    except ValueError as error:  # the manifest is not JSON
        raise InputError(
            f"{source} is damaged: its manifest cannot be read ({_reason(error)})"
        ) from error
    except OSError as error:
        raise InputError(f"cannot read the backup {source} ({_reason(error)})") from error
    return _check_manifest(source, manifest, tables, hashes)


def _check_manifest(
    source: Path, manifest: Any, tables: set[str], hashes: dict[str, str]
) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(f"{source} is not a valgus backup (no manifest); nothing was changed")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise InputError(
            f"{source} is a backup of format {str(manifest.get('format_version'))[:20]}, "
            f"this valgus reads format {FORMAT_VERSION}; nothing was changed"
        )
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    schema = manifest.get("schema")
    if schema not in known:
        raise InputError(
            f"{source} was made by a newer valgus (database schema {str(schema)[:20]}); "
            "upgrade valgus to restore it (nothing was changed)"
        )
    listed_tables = manifest.get("tables")
    listed_files = manifest.get("files")
    if not isinstance(listed_tables, dict) or not isinstance(listed_files, dict):
        raise InputError(f"{source} is damaged: its manifest lists no tables or files")
    if set(listed_tables) != tables:
        missing = sorted(set(listed_tables) ^ tables)
        raise InputError(f"{source} is damaged: the rows of {', '.join(missing)[:120]} are missing")
    for name, entry in listed_files.items():
        if not isinstance(entry, dict) or hashes.get(name) != entry.get("sha256"):
            raise InputError(
                f"{source} is damaged: {name[:80]} is missing or differs from when it was "
                "backed up; nothing was changed"
            )
    if set(hashes) - set(listed_files):
        raise InputError(f"{source} is damaged: it holds files its manifest does not list")
    return manifest


def restore_backup(
    source: Path, db_url: str | None, results_dir: Path, *, force: bool = False, user: str
) -> Summary:
    """Put the archive's rows and files back (refuses a store holding data unless ``force``)."""
    source = source.expanduser()
    if not source.exists():
        raise InputError(f"no backup file {source}")
    if not source.is_file():
        raise InputError(f"{source} is not a file")
    results_dir = results_dir.expanduser().resolve()
    server = served_by(results_dir)
    if server is not None:
        raise InputError(
            f"valgus web is running on {results_dir} ({server}): stop it, then restore"
        )
    try:
        results_dir.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        staging = Path(tempfile.mkdtemp(prefix=".valgus-restore-", dir=results_dir.parent))
    except OSError as error:
        raise InputError(f"cannot restore into {results_dir} ({_reason(error)})") from error
    try:
        manifest = _unpack(source, staging)
        summary = _restore(manifest, staging, resolve_url(db_url), results_dir, force)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    summary.path = source
    with open_store(db_url) as store:
        audit(store, user, "restore", f"file:{source.name}"[:255], summary.line())
    return summary


def _restore(
    manifest: dict[str, Any], staging: Path, url: str, results_dir: Path, force: bool
) -> Summary:
    summary = Summary(path=Path(), schema=str(manifest["schema"]))
    old_results = Path(str(manifest.get("results_dir") or results_dir))
    engine = make_engine(url)
    try:
        with schema_transaction(engine) as connection:
            held = {name: n for name, n in backup_rows.count_rows(connection).items() if n}
            if not force and (held or backup_files.holds_results(results_dir)):
                raise StoreError(_not_empty(held, results_dir))
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
            migrate_to(connection, summary.schema)
            for table in backup_rows.tables():
                path = staging / "db" / f"{table.name}.jsonl"
                if not path.exists():
                    continue
                with path.open(encoding="utf-8") as lines:
                    decoded = backup_rows.read_rows(table, lines, f"db/{table.name}.jsonl")
                    moved = (
                        backup_rows.relocate_paths(row, table.name, old_results, results_dir)
                        for row in decoded
                    )
                    summary.rows[table.name] = backup_rows.load_rows(connection, table, moved)
                if summary.rows[table.name] != manifest["tables"].get(table.name):
                    raise InputError(f"the backup is damaged: rows of {table.name} are missing")
            backup_rows.set_id_counters(connection, dict(manifest.get("id_counters") or {}))
            migrate_to(connection, "head")
            if results_dir.exists():
                top = {name.split("/", 1)[0] for name in manifest["files"]}
                backup_files.clear_results(results_dir, top)
            backup_files.move_into(staging / "files", results_dir)
    except OSError as error:
        raise InputError(f"cannot restore into {results_dir} ({_reason(error)})") from error
    finally:
        engine.dispose()
    for entry in manifest["files"].values():
        summary.files += 1
        summary.file_bytes += int(entry.get("size") or 0)
    return summary


def _not_empty(held: dict[str, int], results_dir: Path) -> str:
    what = ", ".join(f"{n} {t}" for t, n in held.items())
    where = f"the database already holds {what}" if held else f"{results_dir} already holds results"
    return (
        f"{where}; restore into an empty database and results folder, or add --force to "
        "replace everything in them"
    )
