"""Rich console rendering of an analysis (the clinician's first look)."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from valgus.analysis.model import AnalysisResult, Rep, SummaryHeadline
from valgus.assess.headline import (
    FPPA_HEADLINE,
    basis_note,
    error_text,
    format_value,
    headline_of,
    norm_text,
    spec,
)

STYLE = {"normal": "green", "borderline": "yellow", "excessive": "bold red", "no_reading": "dim"}
LABEL = {
    "normal": "normal",
    "borderline": "borderline",
    "excessive": "EXCESSIVE",
    "no_reading": "no reading",
}


def _signed(x: float) -> str:
    """One decimal with its sign, never "-0.0"."""
    return f"{round(x, 1) + 0.0:+.1f}"


def _deg(x: float | None) -> str:
    return "—" if x is None else f"{_signed(x)}°"


def _kof(x: float | None) -> str:
    return format_value(x, "leg_length")


def kof_cell(rep: Rep) -> str:
    """Knee-over-foot at peak, else the descent window's value (what a verdict may rest on)."""
    if rep.knee_over_foot is not None:
        return _kof(rep.knee_over_foot)
    descent = rep.value_of("knee_over_foot_descent")
    return "—" if descent is None else f"{_kof(descent)} (descent)"


def summary_headline_cell(h: SummaryHeadline | None) -> str:
    """'9.5% medial ± 0.4 (knee/toe descent, 5 reps)' for one side's summary."""
    if not h:
        return "—"
    sd = ""
    if h.sd is not None:
        sd = f" ± {h.sd:.1f}" if h.unit == "deg" else f" ± {h.sd * 100:.1f}"
    return f"{h.text}{sd} ({spec(h.metric).short}, {h.n} rep{'s' if h.n != 1 else ''})"


def headline_cell(rep: Rep) -> str:
    """The number the rep's verdict rests on, with the measure's short name."""
    h = headline_of(rep)
    return f"{h.text} ({spec(h.metric).short})"


def dynamic_cell(rep: Rep) -> str:
    """Dynamic valgus, marked when it is taken in the descent (the peak was not frontal)."""
    text = _deg(rep.dynamic_valgus_deg)
    event = rep.dynamic_valgus_event
    if rep.dynamic_valgus_deg is not None and event not in (None, "peak_knee_flexion"):
        text += " (descent)"
    return text


def short_note(rep: Rep) -> str:
    if rep.verdict == "no_reading":
        return str(rep.reason or "")[:60]
    return basis_note(rep)


def verdict_text(v: str) -> str:
    return f"[{STYLE[v]}]{LABEL[v]}[/]"


def render_analysis(data: AnalysisResult, console: Console) -> None:
    src, cam, err = data.source, data.camera, data.measurement_error
    norm = data.norm
    head = (
        f"[bold]{src.name}[/] · task [bold]{data.task}[/] · side {data.side} · "
        f"sex {data.sex or 'not given'}\n"
        f"{src.kind}, {src.n_frames} frames at {src.fps} fps ({src.duration_s} s) · "
        f"view [bold]{cam.view}[/]"
        + (
            f", camera yaw {round(cam.yaw_deg) or 0:+d}°"  # never "-0°"
            if cam.yaw_deg is not None
            else ""
        )
    )
    console.print(Panel(head, title="valgus analyze", expand=False))
    if not cam.ok and all(r.verdict == "no_reading" for r in data.reps):
        render_refused(data, console)
        return
    if not data.reps:
        render_no_reps(data, console)
        return
    table = Table(title="Per rep and side (FPPA: valgus +, at peak knee flexion)", show_lines=False)
    for col in (
        "rep",
        "side",
        "time (s)",
        "verdict rests on",
        "FPPA peak",
        "FPPA max",
        "descent",
        "dyn. valgus",
        "knee over foot",
        "verdict",
        "note",
    ):
        table.add_column(col, justify="right" if col not in ("note", "side") else "left")
    for rep in data.reps:
        table.add_row(
            str(rep.index),
            rep.side,
            f"{rep.start_s:.1f}–{rep.end_s:.1f}",
            headline_cell(rep),
            _deg(rep.fppa_deg),
            _deg(rep.fppa_max_deg),
            _deg(rep.value_of("fppa_descent_deg")),
            dynamic_cell(rep),
            kof_cell(rep),
            verdict_text(rep.verdict),
            short_note(rep),
        )
    console.print(table)
    console.print(
        "[dim]FPPA peak: at peak knee flexion · descent: median at 45–60° knee flexion, or at "
        "40–60 % of the squat's depth without knee angles (decides when the peak is not a "
        "frontal reading) · max: largest with the knee bent · negative: "
        "knee lateral of the hip–ankle line, the opposite of valgus (wide stances read "
        "negative) · knee over foot: % of leg length medial (+) or lateral of the foot's axis[/]"
    )
    render_other_measures(data.reps, console)
    summ = Table(title="Summary", show_header=True)
    for col in (
        "side",
        "reps",
        "readings",
        "verdict rests on (mean ± SD)",
        "FPPA mean ± SD",
        "FPPA max",
        "verdict",
    ):
        summ.add_column(col)
    for side in ("left", "right"):
        s = data.summary.side(side)
        if s.n_reps == 0:
            continue
        sd = f" ± {s.fppa_sd_deg:.1f}" if s.fppa_sd_deg is not None else ""
        mean = "—" if s.fppa_mean_deg is None else f"{_signed(s.fppa_mean_deg)}{sd}°"
        if s.fppa_mean_deg is None and s.fppa_descent_mean_deg is not None:
            dsd = s.fppa_descent_sd_deg
            mean = f"{_signed(s.fppa_descent_mean_deg)}{'' if dsd is None else f' ± {dsd:.1f}'}°"
            mean += " (descent)"
        summ.add_row(
            side,
            str(s.n_reps),
            str(s.n_readings),
            summary_headline_cell(s.headline),
            mean,
            _deg(s.fppa_max_deg),
            verdict_text(s.verdict),
        )
    console.print(summ)
    console.print(
        "[dim]A side's verdict is its mean's (the published norms are means of repeated trials); "
        "each rep keeps its own verdict above.[/]"
    )
    if data.summary.asymmetry_fppa_deg is not None:
        console.print(
            f"Asymmetry (left − right mean FPPA): {_signed(data.summary.asymmetry_fppa_deg)}°"
            + (
                " (descent)"
                if data.summary.asymmetry_event not in (None, "peak_knee_flexion")
                else ""
            )
        )
    st = data.static
    if st is not None and st.start_s is not None and st.end_s is not None:
        console.print(
            f"Static (quiet standing {st.start_s:.1f}–{st.end_s:.1f} s): FPPA left "
            f"{_deg(st.left.fppa_deg)}, right {_deg(st.right.fppa_deg)}"
        )
    header = data.headline
    fppa_headline = header is None or header.metric == FPPA_HEADLINE
    if header is not None and not fppa_headline:
        console.print(f"Verdicts rest on: {norm_text(header)}")
        console.print(error_text(header))
    console.print(
        ("Norm" if fppa_headline else "FPPA norm (shown, not deciding)")
        + f": normal ≤ {norm.normal_max:.1f}°, excessive > {norm.excessive_above:.1f}° "
        f"({norm.source}{'; ' + norm.note if norm.note else ''})"
    )
    console.print(
        f"Measurement error{'' if fppa_headline else ' of the FPPA'}: SEM ±{err.fppa_sem_deg:.1f}°, smallest detectable difference "
        f"{err.fppa_sdd_deg:.1f}° ({err.source})"
    )
    warnings_and_overall(data, console)


def render_other_measures(reps: list[Rep], console: Console) -> None:
    """The catalogue's metrics shown in the console (valgus/data/metrics.yaml ``show: console``)."""
    from valgus.metrics.catalogue import measures_table

    columns, rows = measures_table(reps, "console")
    if not columns:
        return
    table = Table(title="Other measures per rep and side")
    for col in ("rep", "side", *(m.short for m in columns)):
        table.add_column(col, justify="left" if col == "side" else "right")
    for row in rows:
        table.add_row(str(row.index), row.side, *row.cells)
    console.print(table)
    console.print(
        "[dim]"
        + " · ".join(f"{m.short}: {m.description} ({m.sign}; {m.source})" for m in columns)
        + "[/]"
    )


def render_refused(data: AnalysisResult, console: Console) -> None:
    """The camera view gives no frontal reading: what was still found, and how to re-film."""
    reps = data.reps
    indices = sorted({r.index for r in reps})
    starts = [r.start_s for r in reps if r.start_s is not None]
    ends = [r.end_s for r in reps if r.end_s is not None]
    if indices and starts and ends:
        span = f"{min(starts):.1f}–{max(ends):.1f} s"
        console.print(
            f"{len(indices)} rep(s) found ({span}); no frontal number is given from this view."
        )
    else:
        console.print("No rep found, and no frontal number is given from this view.")
    console.print(f"[yellow]![/] {data.camera.message}")
    overall(data, console)


def render_no_reps(data: AnalysisResult, console: Console) -> None:
    """No repetition found: say so, with what to check, instead of two empty tables."""
    console.print(
        f"No {data.task.replace('-', ' ')} repetition was found in this recording. Check that "
        "--task names the movement filmed, and that each rep goes down and comes back up inside "
        "the clip with the whole body in view."
    )
    warnings_and_overall(data, console)


def warnings_and_overall(data: AnalysisResult, console: Console) -> None:
    for w in data.quality.warnings:
        console.print(f"[yellow]![/] {w}")
    overall(data, console)


def overall(data: AnalysisResult, console: Console) -> None:
    """The overall verdict with the disclaimer (measurement error, not a diagnosis)."""
    console.print(f"Overall: {verdict_text(data.verdict)}   [dim]{data.disclaimer}[/]")
