"""A real local Ray cluster of two nodes on this one machine, for the cluster tests.

``ray start --head`` plus a second ``ray start --address`` with its own resources, in a private
temporary folder on free ports, with Ray's token authentication (``cluster.env``); stopped (every process of both nodes, by PID) at the end even when
the test fails. The nodes inherit this process's environment (PYTHONPATH, the model cache).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path


def ray_cli() -> str:
    return str(Path(sys.executable).with_name("ray"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    """All descendants of ``pid`` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def pids_with(text: str) -> list[int]:
    """Processes whose command line contains ``text``."""
    found = []
    for cmd in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text in cmd.read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                found.append(int(cmd.parent.name))
        except OSError:
            continue
    return found


@dataclass
class LocalCluster:
    address: str
    temp_dir: Path
    env: dict[str, str]  # what a driver needs to join: Ray's token authentication

    def driver_env(self) -> dict[str, str]:
        return os.environ | self.env

    def node_pids(self, raylet_socket: str) -> list[int]:
        """The raylet whose socket is ``raylet_socket`` (raylet / raylet.1) and its children."""
        sock = f"--raylet_socket_name={self.temp_dir}"
        raylets = [p for p in pids_with(sock) if _cmd(p).split()[1].endswith(f"/{raylet_socket}")]
        return [pid for r in raylets for pid in [r, *children(r)]]

    def all_pids(self) -> list[int]:
        """Every process of both nodes (never this test process)."""
        roots = [p for p in pids_with(str(self.temp_dir)) if p != os.getpid()]
        return sorted({*roots, *(c for p in roots for c in children(p))} - {os.getpid()})


def _cmd(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def kill(pids: list[int]) -> None:
    for pid in pids:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@contextmanager
def two_node_cluster(env: dict[str, str] | None = None) -> Iterator[LocalCluster]:
    """Head (1 CPU) + second node (1 CPU, resource ``second``); every process killed at the end."""
    temp_dir = Path(tempfile.mkdtemp(prefix="vray", dir="/tmp"))  # short: Ray's socket paths
    port = free_port()
    # Token authentication, as docs/scaling.md asks of a real cluster: the nodes and the driver
    # share a token given in the environment (never a ~/.ray/auth_token left by another run).
    auth = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(16)}
    full_env = os.environ | {"RAY_USAGE_STATS_ENABLED": "0"} | auth | (env or {})
    common = ["--num-cpus=1", "--disable-usage-stats"]
    cluster = LocalCluster(f"127.0.0.1:{port}", temp_dir, auth)
    try:
        subprocess.run(
            [ray_cli(), "start", "--head", f"--port={port}", f"--temp-dir={temp_dir}",
             "--include-dashboard=false", *common],
            check=True, env=full_env, capture_output=True, timeout=180,
        )  # fmt: skip
        subprocess.run(
            [ray_cli(), "start", f"--address={cluster.address}", '--resources={"second": 1}',
             *common],
            check=True, env=full_env, capture_output=True, timeout=180,
        )  # fmt: skip
        _wait_for_nodes(cluster, 2, full_env)
        yield cluster
    finally:
        for _ in range(3):  # processes may still be spawning workers
            pids = cluster.all_pids()
            if not pids:
                break
            kill(pids)
            time.sleep(0.5)
        shutil.rmtree(temp_dir, ignore_errors=True)


def _wait_for_nodes(cluster: LocalCluster, n: int, env: dict[str, str]) -> None:
    for _ in range(120):
        status = subprocess.run(
            [ray_cli(), "status", f"--address={cluster.address}"],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        if status.stdout.count(" node_") >= n:
            return
        time.sleep(1)
    raise RuntimeError(f"the local Ray cluster did not reach {n} nodes")
