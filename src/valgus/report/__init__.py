"""Reports: HTML and PDF for athletes and clinicians (see docs/reports.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from valgus.store import Store, load_history


def make_report(
    store: Store,
    code: str,
    *,
    html: Path | None = None,
    pdf: Path | None = None,
    paper: str = "a4",
    session_date: dt.date | None = None,
    nav: dict[str, str] | None = None,
) -> str:
    """Build the report of the athlete's latest (or given) assessment; returns the HTML.

    ``nav`` (web page only): link label -> URL shown above the report with a print button.
    """
    from valgus.report.context import build_context
    from valgus.report.render import render_html, write_pdf

    document = render_html(build_context(load_history(store, code), session_date), paper, nav)
    if html is not None:
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(document, encoding="utf-8")
    if pdf is not None:
        write_pdf(document, pdf)
    return document


__all__ = ["make_report"]
