"""Which results folder a running `valgus web` serves: a lock held while the server runs.

The server holds an exclusive ``flock`` on ``<results>/.web.lock`` (with its process id in it) for
as long as it runs; the lock goes with the process, however it ends. A second server on the same
folder, and ``valgus restore`` into it, are refused with one line instead of two processes writing
the same files.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from valgus.errors import InputError

LOCK_NAME = ".web.lock"


def _open_lock(results_dir: Path) -> int:
    results_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    return os.open(results_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)


def _holder(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 32).decode("ascii", "ignore").strip()
    return f"pid {text}" if text.isdigit() else "another process"


def served_by(results_dir: Path) -> str | None:
    """Who serves ``results_dir`` (e.g. "pid 4321"), or None when no server runs on it."""
    lock = results_dir / LOCK_NAME
    if not lock.is_file():
        return None
    fd = os.open(lock, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _holder(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


@contextlib.contextmanager
def serving(results_dir: Path) -> Iterator[None]:
    """Hold the folder's lock while the server runs (InputError when another server holds it)."""
    fd = _open_lock(results_dir)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(
                f"valgus web is already running on {results_dir} ({_holder(fd)}): open that one, "
                "or stop it first"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def check_port(host: str, port: int) -> None:
    """InputError (one line) when the server could not listen on ``host``:``port``."""
    if not 0 < port < 65536:
        raise InputError(f"--port {port}: use a port from 1 to 65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise InputError(f"--host {host}: not an address of this machine") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise InputError(
                    f"port {port} on {host} is already in use (another valgus web or another "
                    "program): stop it or choose another --port"
                ) from None
            if error.errno == errno.EACCES:
                raise InputError(
                    f"port {port} needs administrator rights: choose --port 1024 or above"
                ) from None
            if error.errno == errno.EADDRNOTAVAIL:
                raise InputError(f"--host {host}: not an address of this machine") from None
            raise InputError(f"cannot listen on {host}:{port} ({error.strerror})") from None
