"""Reliability probes: bad dates, deep nesting, binary and wrongly shaped files, bad output paths
and huge values, across every command that takes a file or a value. Each gives one short line on
stderr ("error: …", never "unexpected", never a traceback) and a non-zero exit; no temporary file
is left behind. The CLI runs as users run it (``valgus.cli.main.main``; a few through a real
``python -m valgus.cli.main`` process)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from valgus.cli.main import main

REPO = Path(__file__).resolve().parents[2]
BIG = "x" * 20_000_000  # a 20 MB value: never echoed in full
DEEP = "[" * 100_000 + "]" * 100_000  # 100k-deep lists


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Files for the probes and a store with athlete A1 (shared: the probes change nothing)."""
    from valgus.cli.demo import write_demo_trc

    root = tmp_path_factory.mktemp("probes")
    for example in (REPO / "examples" / "answers").iterdir():
        shutil.copy(example, root / example.name)
    shutil.copy(write_demo_trc(root / "demo"), root / "clip.trc")
    (root / "deep.json").write_text(DEEP)
    (root / "deep.yaml").write_text(DEEP)
    (root / "deep-in-field.yaml").write_text("schema_version: '1.0'\nperson: " + DEEP + "\n")
    (root / "binary.yaml").write_bytes(os.urandom(4096))
    (root / "binary.json").write_bytes(b"\xff\xfe" + os.urandom(4096))
    (root / "big.json").write_text(json.dumps({"schema_version": "1.0", "person": {"sex": BIG}}))
    for name, day in (("bad", "2026-13-45"), ("far", "9999-12-31"), ("old", "0001-01-01")):
        (root / f"date-{name}.yaml").write_text(f"schema_version: '1.0'\nassessment_date: {day}\n")
    shapes = {
        "list": [1, 2, 3],
        "strings": {"task": "single-leg-squat", "reps": "none", "summary": [1]},
        "sides": {"task": "single-leg-squat", "reps": [{"side": 5}], "summary": {"left": "x"}},
    }
    for name, data in shapes.items():
        (root / f"shape-{name}.json").write_text(json.dumps(data))
    for name in ("shape-list", "shape-strings", "shape-sides", "binary", "deep"):
        (root / f"mv-{name}.yaml").write_text(
            f"schema_version: '1.0'\nmovements:\n  - file: {name}.json\n"
        )
    (root / "a-folder").mkdir()
    (root / "a-file.txt").write_text("not a folder")
    assert main(["athlete", "add", "A1", "--db", f"sqlite:///{root / 'v.db'}"]) == 0
    return root


Args = Callable[[Path, str], list[str]]


def _a(*parts: str) -> Args:
    """Arguments with {w} (the probe folder) and {db} filled in."""
    return lambda w, db: [p.format(w=w, db=db) for p in parts]


ANALYZE = ("analyze", "{w}/clip.trc", "--task", "bilateral-squat", "--quiet")
STORED = ("--athlete", "A1", "--db", "{db}")
CASES: dict[str, tuple[Args, str]] = {
    # dates
    "analyze: impossible date": (_a(*ANALYZE, *STORED, "--date", "2026-13-45"), "YYYY-MM-DD"),
    "analyze: far future date": (_a(*ANALYZE, *STORED, "--date", "9999-12-31"), "future"),
    "analyze: year 1": (_a(*ANALYZE, *STORED, "--date", "0001-01-01"), "outside"),
    "adherence: impossible date": (
        _a("adherence", "A1", "--sessions", "1", "--date", "2026-02-30", "--db", "{db}"),
        "YYYY-MM-DD",
    ),
    "adherence: five-digit year": (
        _a("adherence", "A1", "--sessions", "1", "--date", "99999-01-01", "--db", "{db}"),
        "YYYY-MM-DD",
    ),
    "adherence: far future": (
        _a("adherence", "A1", "--sessions", "1", "--date", "2999-01-01", "--db", "{db}"),
        "future",
    ),
    "report: far date": (
        _a("report", "A1", "--db", "{db}", "--date", "9999-12-31", "--html", "{w}/r.html"),
        "future",
    ),
    "screen: impossible date in answers": (_a("screen", "--answers", "{w}/date-bad.yaml"), "1..12"),
    "screen: far date in answers": (_a("screen", "--answers", "{w}/date-far.yaml"), "future"),
    "plan: far date in answers": (_a("plan", "--answers", "{w}/date-far.yaml"), "future"),
    "plan: year 1 in answers": (_a("plan", "--answers", "{w}/date-old.yaml"), "outside"),
    # deep nesting
    "screen: 100k-deep JSON": (_a("screen", "--answers", "{w}/deep.json"), "nested too deeply"),
    "screen: 100k-deep YAML": (_a("screen", "--answers", "{w}/deep.yaml"), "nested too deeply"),
    "plan: 100k-deep field": (
        _a("plan", "--answers", "{w}/deep-in-field.yaml"),
        "nested too deeply",
    ),
    "plan: 100k-deep analysis file": (_a("plan", "--answers", "{w}/mv-deep.yaml"), "not JSON"),
    # binary and wrongly shaped files
    "screen: binary answers": (_a("screen", "--answers", "{w}/binary.yaml"), "not text"),
    "plan: binary answers": (_a("plan", "--answers", "{w}/binary.json"), "not text"),
    "plan: binary analysis file": (_a("plan", "--answers", "{w}/mv-binary.yaml"), "not JSON"),
    "plan: analysis file is a list": (
        _a("plan", "--answers", "{w}/mv-shape-list.yaml"),
        "task/reps",
    ),
    "plan: analysis reps are a string": (
        _a("plan", "--answers", "{w}/mv-shape-strings.yaml"),
        "not shaped like",
    ),
    "plan: analysis sides wrongly shaped": (
        _a("plan", "--answers", "{w}/mv-shape-sides.yaml"),
        "not shaped like",
    ),
    "analyze: binary motion file": (
        _a("analyze", "{w}/binary.json", "--task", "bilateral-squat"),
        "unsupported file type",
    ),
    "athlete list: database is binary": (
        _a("athlete", "list", "--db", "{w}/binary.json"),
        "not a valgus database",
    ),
    "athlete list: database is a folder": (
        _a("athlete", "list", "--db", "{w}/a-folder"),
        "is a folder",
    ),
    # bad output paths
    "analyze: --json is a folder": (_a(*ANALYZE, "--json", "{w}/a-folder"), "is a folder"),
    "analyze: --json under a file": (
        _a(*ANALYZE, "--json", "{w}/a-file.txt/x.json"),
        "is a file, not a folder",
    ),
    "analyze: --out is a file": (_a(*ANALYZE, "--out", "{w}/a-file.txt"), "is a file"),
    "analyze: --csv is a file": (_a(*ANALYZE, "--csv", "{w}/a-file.txt"), "is a file"),
    "screen: --json is a folder": (
        _a("screen", "--answers", "{w}/hip-weakness.yaml", "--json", "{w}/a-folder"),
        "is a folder",
    ),
    "screen: --save is a folder": (
        _a("screen", "--answers", "{w}/hip-weakness.yaml", "--save", "{w}/a-folder"),
        "a-folder",
    ),
    "plan: --json is a folder": (
        _a("plan", "--answers", "{w}/hip-weakness.yaml", "--json", "{w}/a-folder", "--quiet"),
        "directory",
    ),
    "plan: --markdown under a file": (
        _a("plan", "--answers", "{w}/hip-weakness.yaml", "--markdown", "{w}/a-file.txt/p.md"),
        "a-file.txt",
    ),
    "report: --html is a folder": (
        _a("report", "A1", "--db", "{db}", "--html", "{w}/a-folder"),
        "is a folder",
    ),
    "report: --pdf under a file": (
        _a("report", "A1", "--db", "{db}", "--pdf", "{w}/a-file.txt/r.pdf"),
        "a-file.txt",
    ),
    "athlete export: --out is a file": (
        _a("athlete", "export", "A1", "--out", "{w}/a-file.txt", "--db", "{db}"),
        "not a folder",
    ),
    "athlete export: --out under a file": (
        _a("athlete", "export", "A1", "--out", "{w}/a-file.txt/x", "--db", "{db}"),
        "part of that path is a file",
    ),
    "export reps: --xlsx under a file": (
        _a("export", "reps", "--athlete", "A1", "--xlsx", "{w}/a-file.txt/x.xlsx", "--db", "{db}"),
        "a-file.txt",
    ),
    "team screen: --out is a file": (
        _a(
            "team",
            "screen",
            "{w}/demo",
            "--task",
            "bilateral-squat",
            "--db",
            "{db}",
            "--out",
            "{w}/a-file.txt",
        ),
        "a-file.txt",
    ),
    "team screen: folder is a file": (
        _a("team", "screen", "{w}/clip.trc", "--task", "bilateral-squat", "--db", "{db}"),
        "not a folder",
    ),
    "backup: into a folder": (_a("backup", "{w}/a-folder", "--db", "{db}"), "is a folder"),
    "restore: not an archive": (
        _a("restore", "{w}/binary.json", "--db", "sqlite:///{w}/new.db", "--results", "{w}/r2"),
        "not a valgus backup",
    ),
    # values out of range or huge (20 MB) are refused and never echoed in full
    "athlete add: 20 MB code": (_a("athlete", "add", BIG, "--db", "{db}"), "1-64 characters"),
    "athlete add: 20 MB sport": (
        _a("athlete", "add", "A2", "--sport", BIG, "--db", "{db}"),
        "at most 64",
    ),
    "athlete add: 20-digit birth year": (
        _a("athlete", "add", "A3", "--birth-year", "9" * 20, "--db", "{db}"),
        "plausible year",
    ),
    "adherence: 20 MB notes": (
        _a("adherence", "A1", "--sessions", "1", "--notes", BIG, "--db", "{db}"),
        "2,000",
    ),
    "adherence: 25-digit sessions": (
        _a("adherence", "A1", "--sessions", "9" * 25, "--db", "{db}"),
        "0-7",
    ),
    "progress: 20 MB code": (_a("progress", BIG, "--db", "{db}"), "no athlete"),
    "report: 20 MB code": (_a("report", BIG, "--db", "{db}", "--html", "{w}/r.html"), "no athlete"),
    "screen: 20 MB value in answers": (_a("screen", "--answers", "{w}/big.json"), "person.sex"),
    "plan: 20 MB value in answers": (_a("plan", "--answers", "{w}/big.json"), "person.sex"),
    "analyze: 20 MB athlete": (_a(*ANALYZE, "--athlete", BIG, "--db", "{db}"), "no athlete"),
    "export reps: 20 MB team": (
        _a("export", "reps", "--team", BIG, "--csv", "{w}/t.csv", "--db", "{db}"),
        "team",
    ),
    "web user add: 20 MB name": (
        _a("web", "user", "add", BIG, "--password-stdin", "--db", "{db}"),
        "user name",
    ),
    "database URL: 20 MB path": (_a("athlete", "list", "--db", "sqlite:///" + BIG), "too long"),
    "missing option": (_a("adherence", "A1", "--db", "{db}"), "--sessions"),
}


def assert_one_short_line(code: int, err: str, needle: str) -> None:
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err[:2000]
    line = lines[0]
    assert line.startswith("error: "), line[:300]
    assert "unexpected" not in line and "Traceback" not in err
    assert len(line) < 600, f"{len(line)} characters: {line[:300]}"
    assert needle.lower() in line.lower(), line


@pytest.mark.parametrize("case", list(CASES))
def test_probe_gives_one_clear_line(
    case: str,
    work: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make, needle = CASES[case]
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("short\n"))
    before = {p for p in work.rglob("*")}
    code = main(make(work, f"sqlite:///{work / 'v.db'}"))
    assert_one_short_line(code, capsys.readouterr().err, needle)
    left = {p for p in work.rglob("*")} - before
    assert not [p for p in left if p.suffix == ".tmp" or ".tmp" in p.name], left


@pytest.mark.parametrize(
    "case",
    [
        "screen: 100k-deep JSON",
        "plan: binary answers",
        "screen: 20 MB value in answers",
        "analyze: --json is a folder",
    ],
)
def test_probe_in_a_real_process(case: str, work: Path) -> None:
    make, needle = CASES[case]
    done = subprocess.run(
        [sys.executable, "-m", "valgus.cli.main", *make(work, f"sqlite:///{work / 'v.db'}")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert_one_short_line(done.returncode, done.stderr, needle)


def test_write_json_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from valgus.errors import InputError
    from valgus.io.writers.json_out import write_json

    target = tmp_path / "out.json"
    with pytest.raises(InputError, match="is a folder"):
        write_json({"a": 1}, tmp_path)
    target.write_text("a file")
    with pytest.raises(InputError, match="cannot write"):
        write_json({"a": 1}, target / "x.json")

    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    target.unlink()
    with pytest.raises(InputError, match="No space left"):
        write_json({"a": 1}, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
