"""`valgus web`: first-run admin set-up from the CLI, and the browser opens when it says so."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from valgus.cli.main import main

PASSWORD = "correct horse battery"


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text + "\n"))


def test_first_run_admin_from_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'clinic.db'}"
    assert main(["web", "user", "list", "--db", db]) == 0
    assert "no users yet" in capsys.readouterr().out
    _stdin(monkeypatch, PASSWORD)
    assert (
        main(["web", "user", "add", "anna", "--role", "admin", "--password-stdin", "--db", db]) == 0
    )
    _stdin(monkeypatch, PASSWORD)
    args = ["web", "user", "add", "cole", "--role", "coach", "--team", "U19", "--password-stdin"]
    assert main([*args, "--db", db]) == 0
    capsys.readouterr()
    assert main(["web", "user", "list", "--db", db]) == 0
    listed = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert listed == [["anna", "admin"], ["cole", "coach", "U19"]]
    from valgus.store.api import open_store
    from valgus.store.users import authenticate

    with open_store(db) as store:
        user = authenticate(store, "anna", PASSWORD)
        assert user is not None and user.is_admin
        from sqlalchemy import text

        with store.engine.connect() as connection:
            stored = connection.execute(text("SELECT password_hash FROM users")).scalars().all()
        assert all(h.startswith("$argon2") and PASSWORD not in h for h in stored)

    for extra, message in (
        (["anna", "--role", "admin"], "already exists"),
        (["bob", "--role", "coach"], "needs a team"),
        (["bob", "--role", "root"], "role must be one of"),
    ):
        _stdin(monkeypatch, PASSWORD)
        assert main(["web", "user", "add", *extra, "--password-stdin", "--db", db]) == 2
        assert message in capsys.readouterr().err
    _stdin(monkeypatch, "short")
    assert main(["web", "user", "add", "bob", "--password-stdin", "--db", db]) == 2
    assert "at least 10 characters" in capsys.readouterr().err


class _Recorder:
    def __init__(self) -> None:
        self.opened: list[str] = []
        self.served: dict[str, Any] = {}


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> _Recorder:
    """Record what `valgus web` opens and serves instead of starting a server."""
    import threading
    import webbrowser

    import uvicorn

    seen = _Recorder()

    class NowTimer:
        def __init__(self, _delay: float, function: Any, args: tuple[Any, ...] = ()) -> None:
            self.function, self.args = function, args

        def start(self) -> None:
            self.function(*self.args)

    monkeypatch.setattr(threading, "Timer", NowTimer)
    monkeypatch.setattr(webbrowser, "open", lambda url: seen.opened.append(url) or True)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.served.update(kw, app=app))
    return seen


def test_web_opens_the_browser_at_the_url_it_prints(
    tmp_path: Path, recorder: _Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    db, results = f"sqlite:///{tmp_path / 'v.db'}", str(tmp_path / "results")
    assert main(["web", "--port", "8123", "--db", db, "--results", results]) == 0
    printed = capsys.readouterr().out
    assert recorder.opened == ["http://127.0.0.1:8123"]
    assert "valgus web: http://127.0.0.1:8123" in printed
    assert recorder.served["port"] == 8123 and recorder.served["host"] == "127.0.0.1"


def test_no_browser_opens_nothing(tmp_path: Path, recorder: _Recorder) -> None:
    db, results = f"sqlite:///{tmp_path / 'v.db'}", str(tmp_path / "results")
    assert main(["web", "--no-browser", "--db", db, "--results", results]) == 0
    assert recorder.opened == [] and recorder.served["port"] == 8000
