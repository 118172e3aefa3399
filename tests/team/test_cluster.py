"""Batches on a real two-node Ray cluster started on this machine (heavy: marked ``cluster``).

The roster and stored trials equal a local run's; a node killed in the middle of a batch loses
nothing (every clip stored exactly once, the roster names the clips run again); an unreachable
address is one clear line.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.team.ray_cluster import LocalCluster, kill, two_node_cluster
from tests.team.stored import trials

from valgus.synthetic import squat_trial, write_trc

pytest.importorskip(
    "ray", reason="the cluster extra is not installed: pip install 'valgus[cluster]'"
)
pytestmark = pytest.mark.cluster

REAL = "tuxotiikeri_squatdetection/videos/hyva3.mp4"  # 201 frames, one person, front view


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with two_node_cluster() as running:
        yield running


def make_folder(folder: Path, shared: Path | None, n_real: int = 2) -> Path:
    folder.mkdir()
    for code, valgus in (("S01", 4.0), ("S02", 20.0)):
        trial = squat_trial(3, valgus_deg=valgus, peak_flexion_deg=60.0, stance="left", fps=60.0)
        write_trc(trial.recording, folder / f"{code}_left.trc")
    (folder / "S03.csv").write_text("garbage\n")  # a clip that fails: a roster row, not a stop
    if shared is not None and (shared / REAL).is_file():
        for i in range(n_real):
            shutil.copy(shared / REAL, folder / f"R{i:02d}.mp4")
    return folder


def screen(
    folder: Path, db: Path, out: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "valgus.cli.main", "team", "screen", str(folder),
           "--task", "bilateral-squat", "--sex", "female", "--db", str(db), "--out", str(out),
           *extra]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env)


def roster(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((out / "roster.csv").open()))


def _real(shared: Path) -> Path | None:
    if not (shared / REAL).is_file():
        return None
    return shared


def test_cluster_roster_and_store_equal_a_local_run(
    cluster: LocalCluster, tmp_path: Path, shared_data: Path
) -> None:
    folder = make_folder(tmp_path / "clips", _real(shared_data))
    on_cluster = screen(
        folder, tmp_path / "c.db", tmp_path / "c", "--cluster", cluster.address,
        env=cluster.driver_env(),
    )  # fmt: skip
    assert on_cluster.returncode == 0, on_cluster.stderr
    assert "on a Ray cluster (2 CPUs)" in on_cluster.stdout
    local = screen(folder, tmp_path / "l.db", tmp_path / "l", "--workers", "2")
    assert local.returncode == 0, local.stderr
    rows = roster(tmp_path / "c")
    assert rows == roster(tmp_path / "l")
    assert len({r["file"] for r in rows}) == 5  # every clip has a row
    assert [r["verdict"] for r in rows if r["file"] == "S03.csv"] == ["error"]
    stored = trials(tmp_path / "c.db")
    assert stored == trials(tmp_path / "l.db")
    assert len(stored) == 4  # the failed clip stores nothing
    # Run again: nothing new is stored, every stored clip is skipped.
    again = screen(
        folder, tmp_path / "c.db", tmp_path / "c", "--cluster", cluster.address,
        env=cluster.driver_env(),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "4 already stored" in again.stdout
    assert trials(tmp_path / "c.db") == stored
    assert roster(tmp_path / "c") == rows


def test_unreachable_cluster_is_one_clear_line(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "clips", None)
    from tests.team.ray_cluster import free_port

    done = screen(
        folder, tmp_path / "x.db", tmp_path / "x", "--cluster", f"127.0.0.1:{free_port()}"
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the Ray cluster" in lines[0], done.stderr
    assert not (tmp_path / "x" / "roster.csv").exists()
    with sqlite3.connect(tmp_path / "x.db") as con:  # nothing half-written
        assert con.execute("select count(*) from trials").fetchone() == (0,)


def test_a_driver_without_the_clusters_token_is_one_clear_line(
    cluster: LocalCluster, tmp_path: Path
) -> None:
    folder = make_folder(tmp_path / "clips", None)
    wrong = cluster.driver_env() | {"RAY_AUTH_TOKEN": "0" * 32}
    done = screen(
        folder, tmp_path / "t.db", tmp_path / "t", "--cluster", cluster.address, env=wrong
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "refused this driver's token" in lines[0], done.stderr
    assert "RAY_AUTH_TOKEN" in lines[0]
    with sqlite3.connect(tmp_path / "t.db") as con:
        assert con.execute("select count(*) from trials").fetchone() == (0,)


def test_a_cluster_without_the_model_is_one_clear_line(tmp_path: Path) -> None:
    """The nodes' workers find no pose model (an empty model cache): the batch stops before any
    clip with one line naming the cause, and nothing is stored or half-written."""
    folder = make_folder(tmp_path / "clips", None)
    empty = tmp_path / "no-models"
    empty.mkdir()
    with two_node_cluster(env={"VALGUS_MODEL_DIR": str(empty)}) as bare:
        done = screen(
            folder, tmp_path / "m.db", tmp_path / "m", "--cluster", bare.address,
            env=bare.driver_env(),
        )  # fmt: skip
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no usable pose model" in lines[0], done.stderr
    assert "valgus models install" in lines[0]  # what to do about it
    assert not (tmp_path / "m" / "roster.csv").exists()
    with sqlite3.connect(tmp_path / "m.db") as con:
        assert con.execute("select count(*) from trials").fetchone() == (0,)


def test_a_node_killed_mid_batch_loses_nothing(
    cluster: LocalCluster, tmp_path: Path, shared_data: Path
) -> None:
    """Runs last in this module: it kills the second node."""
    folder = make_folder(tmp_path / "clips", None)
    for i in range(6):
        shutil.copy(shared_data / REAL, folder / f"K{i:02d}.mp4")
    cmd = [sys.executable, "-m", "valgus.cli.main", "team", "screen", str(folder),
           "--task", "bilateral-squat", "--db", str(tmp_path / "k.db"), "--out", str(tmp_path / "k"),
           "--cluster", cluster.address]  # fmt: skip
    driver = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cluster.driver_env()
    )
    busy: list[int] = []
    for _ in range(600):  # until the second node runs a clip
        busy = [p for p in cluster.node_pids("raylet.1") if "ClipWorker.run" in _title(p)]
        if busy or driver.poll() is not None:
            break
        time.sleep(0.2)
    assert busy, "the second node never ran a clip"
    kill(cluster.node_pids("raylet.1"))
    out, err = driver.communicate(timeout=900)
    assert driver.returncode == 0, err
    rows = roster(tmp_path / "k")
    stored = trials(tmp_path / "k.db")
    clips = sorted(p.name for p in folder.iterdir())
    assert sorted({r["file"] for r in rows}) == clips
    codes = [t[0] for t in stored]
    assert sorted(set(codes)) == sorted(codes)  # each clip (athlete) stored once
    assert len(set(codes)) == len(clips) - 1  # all but the corrupt csv
    retried = {r["file"] for r in rows if r["retries"] not in ("", "0")}
    assert retried, out
    assert retried <= set(clips)


def _title(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
