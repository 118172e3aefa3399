"""A live `valgus web` server (uvicorn on 127.0.0.1, a free port) for browser tests."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

USER = "clinician"
PASSWORD = "correct horse battery staple"


def add_login_user(db_url: str) -> bool:
    """Create the test's admin user where this build has logins; False where it has none."""
    try:
        from valgus.store.users import add_user  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return False
    from valgus.store.api import open_store

    store = open_store(db_url)
    try:
        add_user(store, USER, PASSWORD, "admin", None)
    finally:
        store.close()
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(
    folder: Path,
    ready_within_s: float = 120.0,
    extra_args: Sequence[str] = (),
    tls: ssl.SSLContext | None = None,
    db_url: str | None = None,
    started: list[subprocess.Popen[bytes]] | None = None,
) -> Iterator[tuple[str, bool]]:
    """Start `python -m valgus.cli.main web` on a free port (HTTPS when ``tls`` is the client's
    context for the server's certificate; pass ``--certfile/--keyfile`` in ``extra_args``).

    Yields its base URL and whether it has logins (then log in as USER / PASSWORD).
    """
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    db_url = db_url or f"sqlite:///{folder / 'valgus.db'}"
    with_login = add_login_user(db_url)
    command = [
        sys.executable,
        "-m",
        "valgus.cli.main",
        "web",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--db",
        db_url,
        "--results",
        str(folder / "results"),
        "--no-browser",
        *extra_args,
    ]
    log = (folder / "server.log").open("wb")
    env = {**os.environ, "BROWSER": "true"}  # never open a desktop browser from a test
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    if started is not None:  # the caller wants the server process (its pid)
        started.append(process)
    base = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_within_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"valgus web exited: {(folder / 'server.log').read_text()}")
            try:
                urllib.request.urlopen(base + "/static/style.css", timeout=2, context=tls).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("valgus web did not start") from None
                time.sleep(0.2)
        yield base, with_login
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
