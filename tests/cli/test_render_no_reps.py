"""The console when no repetition is found: one plain message, not empty tables."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from valgus import synthetic
from valgus.analysis.pipeline import analyze_recording
from valgus.analysis.result import build_result
from valgus.cli.render import render_analysis


def test_console_says_plainly_when_no_rep_was_found() -> None:
    trial = synthetic.squat_trial(3, valgus_deg=10.0, peak_flexion_deg=60.0)
    out = StringIO()
    data = build_result(analyze_recording(trial.recording, "drop-jump"))  # squats, not landings
    assert data.reps == []
    render_analysis(data, Console(file=out, width=200))
    text = out.getvalue()
    assert "No drop jump repetition was found" in text and "--task" in text
    assert "Per rep and side" not in text and "Summary" not in text


def test_signed_values_never_print_minus_zero() -> None:
    from valgus.cli.render import _deg, _signed

    assert [_signed(v) for v in (-0.02, 0.0, -0.06, 12.34)] == ["+0.0", "+0.0", "-0.1", "+12.3"]
    assert _deg(-0.04) == "+0.0°" and _deg(None) == "—"
