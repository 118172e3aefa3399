"""`valgus backup` / `valgus restore` round trip (SQLite and PostgreSQL) and its refusals."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import stat
import tarfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from valgus.cli.main import main
from valgus.store import (
    add_athlete,
    delete_athlete,
    log_adherence,
    open_store,
    save_analysis,
    save_plan,
    save_screening,
)
from valgus.store.models import Base
from valgus.store.sample import SAMPLE_PLAN, sample_analysis
from valgus.store.trials import ArtifactIn
from valgus.store.users import add_user, audit, read_audit

PASSWORD = "correct horse battery"


def _rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in id order (what a restore must give back)."""
    with open_store(url) as store, store.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".session-key"
    }


def _fill(url: str, results: Path) -> None:
    """Two athletes with trials (files kept in the results folder), plans, adherence, users."""
    job = results / ("a" * 32)
    job.mkdir(parents=True)
    (job / "job.json").write_text(json.dumps({"id": "a" * 32, "athlete": "A01"}), "utf-8")
    (job / "annotated.mp4").write_bytes(os.urandom(300_000))
    (job / "still.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(5000))
    (results / ".uploads").mkdir()
    (results / ".uploads" / "leftover.mp4").write_bytes(b"not backed up")
    with open_store(url) as store:
        add_athlete(store, "A01", sex="female", sport="football", team="U19")
        add_athlete(store, "B02", sex="male", team="U17")
        add_athlete(store, "GONE", sex="male")  # id 3, deleted below
        kept = [
            ArtifactIn("annotated_video", job / "annotated.mp4"),
            ArtifactIn("worst_rep_still", job / "still.png", embed=True, media_type="image/png"),
        ]
        save_analysis(
            store,
            "A01",
            sample_analysis((10.0, 12.0, None)),
            artifacts=kept,
            date=dt.date(2026, 11, 2),
        )
        save_analysis(
            store,
            "A01",
            sample_analysis((14.0, 16.0), source_sha256="b" * 64),
            date=dt.date(2026, 12, 1),
        )
        save_analysis(store, "B02", sample_analysis((8.0, 9.0), side="right"))
        save_analysis(store, "GONE", sample_analysis((20.0,), source_sha256="c" * 64))  # trial 4
        save_plan(store, "A01", SAMPLE_PLAN, dt.date(2026, 11, 3))
        save_screening(store, "A01", {"age": 19, "pain": "none"}, dt.date(2026, 11, 3))
        log_adherence(store, "A01", dt.date(2026, 11, 10), 3, 2, "felt 'fine' <b>")
        add_user(store, "anna", PASSWORD, "admin")
        add_user(store, "coach1", PASSWORD, "coach", "U19")
        audit(store, "anna", "view", "athlete:A01")
        delete_athlete(store, "GONE")  # its ids must stay used after the restore


def _run(*args: str) -> int:
    return main(list(args))


def _wipe(url: str, results: Path) -> None:
    with open_store(url) as store, store.engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE alembic_version"))
    import shutil

    shutil.rmtree(results)


def test_backup_restore_round_trip(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results"
    _fill(db_url, results)
    archive = tmp_path / "clinic.tar.gz"

    assert _run("backup", str(archive), "--db", db_url, "--results", str(results)) == 0
    assert "backup written" in capsys.readouterr().out
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "files/.uploads/leftover.mp4" not in names and "manifest.json" in names

    before_rows, before_files = _rows(db_url), _files(results)
    before_files.pop(".uploads/leftover.mp4")
    assert len(before_rows["trials"]) == 3 and len(before_rows["users"]) == 2
    assert before_rows["audit_log"][-1][3] == "backup"  # the backup is in the log it saved
    assert [row[0] for row in before_rows["athletes"]] == [1, 2]  # GONE (3) was deleted
    _wipe(db_url, results)

    assert _run("restore", str(archive), "--db", db_url, "--results", str(results)) == 0
    assert "restored" in capsys.readouterr().out
    after_rows = _rows(db_url)
    restored_audit = after_rows.pop("audit_log")
    assert restored_audit[:-1] == before_rows.pop("audit_log")
    assert restored_audit[-1][2:4] in (("cli:" + _login(), "restore"), ("cli", "restore"))
    assert after_rows == before_rows
    assert _files(results) == before_files
    for path in results.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600)

    # ids of the deleted athlete and trial are not handed out again after the restore
    with open_store(db_url) as store:
        add_athlete(store, "NEW")
        trial = save_analysis(store, "NEW", sample_analysis((5.0,), source_sha256="d" * 64))
        with store.engine.connect() as connection:
            new_id = connection.execute(
                text("SELECT id FROM athletes WHERE code = 'NEW'")
            ).scalar_one()
    assert new_id == 4  # not 3: that was GONE's
    assert trial == 5  # not 4: that was GONE's trial


def _login() -> str:
    import getpass

    return getpass.getuser()


def test_restore_refuses_a_store_with_data_without_force(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results, archive = _backed_up(db_url, tmp_path, "b.tar.gz")
    with open_store(db_url) as store:
        add_athlete(store, "LATER")
    capsys.readouterr()

    assert _run("restore", str(archive), "--db", db_url, "--results", str(results)) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "already holds" in err and "--force" in err
    assert "LATER" in [row[1] for row in _rows(db_url)["athletes"]]  # nothing changed

    later_job = results / ("b" * 32)
    later_job.mkdir()
    (later_job / "job.json").write_text("{}")
    (results / "my-own-notes.txt").write_text("not valgus's to delete")
    assert _run("restore", str(archive), "--db", db_url, "--results", str(results), "--force") == 0
    codes = [row[1] for row in _rows(db_url)["athletes"]]
    assert codes == ["A01", "B02"]
    assert not later_job.exists()  # a result made after the backup is gone with its rows
    assert (results / "my-own-notes.txt").read_text() == "not valgus's to delete"
    assert (results / ("a" * 32) / "annotated.mp4").is_file()
    with open_store(db_url) as store:
        assert read_audit(store, 1)[0].action == "restore"


def test_backup_refuses_bad_targets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'v.db'}"
    results = tmp_path / "r"
    existing = tmp_path / "there.tar.gz"
    existing.write_bytes(b"keep me")
    cases = {
        str(tmp_path): "is a folder",
        str(tmp_path / "missing" / "x.tar.gz"): "does not exist",
        str(existing): "already exists",
    }
    for target, message in cases.items():
        assert _run("backup", target, "--db", db, "--results", str(results)) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and message in err and "unexpected" not in err
    assert existing.read_bytes() == b"keep me"
    assert not list(tmp_path.glob(".valgus-backup-*"))


def _tar_gz(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _damaged(good: bytes) -> dict[str, tuple[bytes, str]]:
    """Archives that must be refused, with a word of the expected message."""
    with tarfile.open(fileobj=io.BytesIO(good)) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]
    tampered = dict(members)
    video = next(n for n in members if n.endswith(".mp4"))
    tampered[video] = b"changed" + members[video][7:]
    no_manifest = {k: v for k, v in members.items() if k != "manifest.json"}
    escape = dict(members)
    escape["files/../../evil.txt"] = b"x"
    newer = dict(members)
    manifest = json.loads(members["manifest.json"])
    manifest["schema"] = "9999"
    newer["manifest.json"] = json.dumps(manifest).encode()
    return {
        "random": (os.urandom(4096), "not a valgus backup"),
        "truncated": (good[: len(good) // 2], "damaged"),
        "plain_gzip": (gzip.compress(b"hello"), "not a valgus backup"),
        "tampered": (_tar_gz(tampered), "differs"),
        "no_manifest": (_tar_gz(no_manifest), "no manifest"),
        "escape": (_tar_gz(escape), "unsafe file name"),
        "newer": (_tar_gz(newer), "newer valgus"),
        "empty": (b"", "not a valgus backup"),
    }


def test_restore_refuses_missing_and_damaged_archives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'v.db'}"
    results = tmp_path / "results"
    _fill(db, results)
    archive = tmp_path / "good.tar.gz"
    assert _run("backup", str(archive), "--db", db, "--results", str(results)) == 0
    target_db = f"sqlite:///{tmp_path / 'target.db'}"
    target_results = tmp_path / "target-results"
    capsys.readouterr()

    assert _run("restore", str(tmp_path / "nope.tar.gz"), "--db", target_db) == 2
    assert capsys.readouterr().err.strip() == f"error: no backup file {tmp_path / 'nope.tar.gz'}"
    for name, (data, message) in _damaged(archive.read_bytes()).items():
        bad = tmp_path / f"{name}.tar.gz"
        bad.write_bytes(data)
        code = _run("restore", str(bad), "--db", target_db, "--results", str(target_results))
        err = capsys.readouterr().err.strip()
        assert code == 2, name
        assert len(err.splitlines()) == 1 and message in err, (name, err)
        assert "unexpected" not in err and "Traceback" not in err
        assert not (target_results.exists() and any(target_results.iterdir())), name
        assert not (tmp_path / "evil.txt").exists()
    assert _rows(target_db)["athletes"] == []  # never touched
    assert not list(tmp_path.glob(".valgus-restore-*"))


def test_backup_names_kept_files_outside_the_results_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'v.db'}"
    elsewhere = tmp_path / "valgus-out" / "clip.annotated.mp4"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"video")
    with open_store(db) as store:
        add_athlete(store, "A1")
        save_analysis(
            store,
            "A1",
            sample_analysis((10.0,)),
            artifacts=[ArtifactIn("annotated_video", elsewhere)],
        )
    capsys.readouterr()
    archive = tmp_path / "b.tar.gz"
    assert _run("backup", str(archive), "--db", db, "--results", str(tmp_path / "results")) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "1 kept files the database refers to lie outside" in out and str(elsewhere) in out


def test_restore_into_another_results_folder_moves_the_paths(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'v.db'}"
    results = tmp_path / "results"
    _fill(db, results)
    archive = tmp_path / "b.tar.gz"
    assert _run("backup", str(archive), "--db", db, "--results", str(results)) == 0
    other_db, other = f"sqlite:///{tmp_path / 'w.db'}", tmp_path / "elsewhere"
    assert _run("restore", str(archive), "--db", other_db, "--results", str(other)) == 0
    paths = [row[4] for row in _rows(other_db)["artifacts"] if row[4]]
    assert paths and all(Path(p).is_file() and Path(p).is_relative_to(other) for p in paths)


def _backed_up(db_url: str, tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A filled store and results folder, and its backup archive."""
    results = tmp_path / "results"
    _fill(db_url, results)
    archive = tmp_path / name
    assert _run("backup", str(archive), "--db", db_url, "--results", str(results)) == 0
    return results, archive


def test_restore_and_a_second_server_are_refused_while_valgus_web_runs(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A running server (here a process holding the server's lock) keeps its results folder."""
    import socket
    import subprocess
    import sys

    from valgus.web.running import served_by

    results, archive = _backed_up(db_url, tmp_path, "b.tar.gz")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from valgus.web.running import serving\n"
         f"with serving(Path({str(results)!r})):\n"
         "    print('ready', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        assert served_by(results) == f"pid {holder.pid}"
        capsys.readouterr()
        args = ["--db", db_url, "--results", str(results), "--force"]
        assert _run("restore", str(archive), *args) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and f"pid {holder.pid}" in err and "stop it" in err
        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            port = free.getsockname()[1]
        web = ["web", "--no-browser", "--port", str(port), "--db", db_url]
        assert _run(*web, "--results", str(results)) == 2
        assert "already running" in capsys.readouterr().err
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert served_by(results) is None  # the lock went with the process
    assert _run("restore", str(archive), *args) == 0


def test_a_port_in_use_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        db = f"sqlite:///{tmp_path / 'c.db'}"
        args = ["web", "--no-browser", "--db", db, "--results", str(tmp_path / "r")]
        assert _run(*args, "--port", str(port)) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and f"port {port}" in err and "already in use" in err
        assert _run(*args, "--port", "70000") == 2
        assert "1 to 65535" in capsys.readouterr().err
        assert _run(*args, "--port", "8000", "--host", "203.0.113.7") == 2
        assert "not an address of this machine" in capsys.readouterr().err
