"""Squad screening: a folder of clips becomes a roster sorted for follow-up, stored per athlete."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tests.team.stored import trials

from valgus.cli.main import main
from valgus.synthetic import squat_trial, write_trc
from valgus.team.roster import parse_clip_name


def test_clip_names_map_to_athletes_and_sides() -> None:
    assert parse_clip_name(Path("A07.mp4")).athlete == "A07"
    ref = parse_clip_name(Path("A07-right-2.mov"))
    assert (ref.athlete, ref.side) == ("A07", "right")
    assert parse_clip_name(Path("B3_left.trc")).side == "left"
    assert parse_clip_name(Path("U17-03.trc")).athlete == "U17-03"  # codes keep their dashes
    assert parse_clip_name(Path("U17_04.trc")).athlete == "U17_04"


def test_team_screen_roster_and_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clips = tmp_path / "clips"
    clips.mkdir()
    for code, valgus in (("A01", 4.0), ("A02", 20.0)):
        trial = squat_trial(3, valgus_deg=valgus, peak_flexion_deg=60.0, stance="left", fps=60.0)
        write_trc(trial.recording, clips / f"{code}_left.trc")
    (clips / "A03.csv").write_text("garbage\n")
    db = tmp_path / "team.db"
    out = tmp_path / "out"
    code = main(
        [
            "team",
            "screen",
            str(clips),
            "--task",
            "single-leg-squat",
            "--team",
            "U17",
            "--sex",
            "female",
            "--db",
            str(db),
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    rows = list(csv.DictReader((out / "roster.csv").open()))
    assert [r["athlete"] for r in rows] == ["A02", "A03", "A01"]  # excessive, error, normal
    assert [r["verdict"] for r in rows] == ["excessive", "error", "normal"]
    assert float(rows[0]["fppa_max_deg"]) == pytest.approx(20.0, abs=1.0)
    from openpyxl import load_workbook

    sheet = load_workbook(out / "roster.xlsx")["roster"]
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0] == list(rows[0].keys())  # the same columns as the CSV
    col = table[0].index
    assert [(r[col("athlete")], r[col("verdict")]) for r in table[1:]] == [
        (r["athlete"], r["verdict"]) for r in rows
    ]
    assert table[1][col("fppa_max_deg")] == pytest.approx(float(rows[0]["fppa_max_deg"]))
    capsys.readouterr()
    assert main(["athlete", "list", "--db", str(db)]) == 0
    listing = capsys.readouterr().out
    assert "A01" in listing and "A02" in listing and "U17" in listing
    assert "A03" not in listing  # a clip that failed creates no athlete


def test_rerun_skips_stored_clips_and_two_processes_equal_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clips = tmp_path / "clips"
    clips.mkdir()
    for code, valgus in (("A01", 4.0), ("A02", 20.0), ("A04", 12.0)):
        trial = squat_trial(3, valgus_deg=valgus, peak_flexion_deg=60.0, stance="left", fps=60.0)
        write_trc(trial.recording, clips / f"{code}_left.trc")
    args = ["team", "screen", str(clips), "--task", "single-leg-squat", "--sex", "female"]
    one, two = tmp_path / "one", tmp_path / "two"
    assert main([*args, "--db", str(one / "t.db"), "--out", str(one), "--workers", "1"]) == 0
    assert main([*args, "--db", str(two / "t.db"), "--out", str(two), "--workers", "2"]) == 0
    assert (one / "roster.csv").read_text() == (two / "roster.csv").read_text()
    stored = trials(one / "t.db")
    assert len(stored) == 3 and stored == trials(two / "t.db")
    capsys.readouterr()
    assert main([*args, "--db", str(one / "t.db"), "--out", str(one)]) == 0
    assert "0 clips analysed on" in capsys.readouterr().out  # all 3 already stored
    assert trials(one / "t.db") == stored
    assert (one / "roster.csv").read_text() == (two / "roster.csv").read_text()


def test_ctrl_c_stops_cleanly_and_the_same_command_resumes(tmp_path: Path) -> None:
    """SIGINT in the middle of a batch: whole trials only; run again, the rest is done once."""
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    clips = tmp_path / "clips"
    clips.mkdir()
    trial = squat_trial(3, valgus_deg=8.0, peak_flexion_deg=60.0, stance="left", fps=60.0)
    n = 40  # enough clips that the batch is still running when the signal arrives
    for i in range(n):
        write_trc(trial.recording, clips / f"C{i:02d}_left.trc")
    db = tmp_path / "t.db"
    cmd = [sys.executable, "-m", "valgus.cli.main", "team", "screen", str(clips),
           "--task", "single-leg-squat", "--db", str(db), "--out", str(tmp_path / "out"),
           "--workers", "1"]  # fmt: skip
    # Ctrl-C as a terminal sends it: SIGINT handled as by default even where this test runs in
    # the background (a non-interactive shell starts background jobs with SIGINT ignored, and a
    # Python started so never turns SIGINT into KeyboardInterrupt)
    driver = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    stored = 0
    for _ in range(3000):
        if driver.poll() is not None:
            break
        if db.exists():
            try:
                with sqlite3.connect(db) as con:
                    stored = con.execute("select count(*) from trials").fetchone()[0]
            except sqlite3.OperationalError:  # not migrated yet
                stored = 0
            if stored >= 1:
                break
        time.sleep(0.02)
    assert stored >= 1 and driver.poll() is None, "the batch ended before it could be interrupted"
    driver.send_signal(signal.SIGINT)
    _, err = driver.communicate(timeout=300)
    assert driver.returncode == 130, err
    assert "run the same command again to resume" in err
    first = trials(db)
    assert 1 <= len(first) < n
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{len(first)} already stored" in again.stdout
    final = trials(db)
    assert len(final) == n and set(first) <= set(final)
    assert len({t[0] for t in final}) == n  # one trial per clip


@pytest.mark.video
@pytest.mark.realdata
def test_annotated_videos_are_made_by_the_workers(tmp_path: Path, shared_data: Path) -> None:
    """--video: each worker draws and encodes its own clip's video (the driver writes bytes);
    the stored JSON names the driver's files; motion files get none."""
    import json
    import shutil

    import av
    from tests.conftest import require

    clips = tmp_path / "clips"
    clips.mkdir()
    shutil.copy(require(shared_data / "tuxotiikeri_squatdetection/videos/hyva3.mp4"),
                clips / "R01.mp4")  # fmt: skip
    trial = squat_trial(3, valgus_deg=4.0, peak_flexion_deg=60.0, stance="left", fps=60.0)
    write_trc(trial.recording, clips / "M01_left.trc")
    out = tmp_path / "out"
    argv = ["team", "screen", str(clips), "--task", "bilateral-squat", "--video",
            "--workers", "2", "--out", str(out), "--db", str(tmp_path / "t.db")]  # fmt: skip
    assert main(argv) == 0
    video = out / "R01" / "R01.annotated.mp4"
    with av.open(str(video)) as container:
        assert sum(1 for _ in container.decode(video=0)) == 201
    assert (out / "R01" / "R01.worst_rep.png").stat().st_size > 10_000
    data = json.loads((out / "R01" / "R01.analysis.json").read_text())
    assert data["artifacts"]["annotated_video"] == str(video)
    assert not list((out / "M01").glob("*.mp4"))
    assert not list(out.rglob("valgus-pictures-*"))
