"""Render the report: Jinja2 HTML with inline CSS and figures, PDF through WeasyPrint."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from valgus.errors import InputError
from valgus.metrics.catalogue import measures_table

PAPERS = {"a4": "A4", "letter": "letter"}


def _environment() -> jinja2.Environment:
    loader = jinja2.PackageLoader("valgus.report", "templates")
    env = jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(["html", "j2"]))
    env.globals["measures_table"] = measures_table  # the metric catalogue's per-rep tables
    return env


def render_html(
    context: dict[str, Any], paper: str = "a4", nav: dict[str, str] | None = None
) -> str:
    """A self-contained HTML document (figures are data URIs)."""
    if paper.lower() not in PAPERS:
        raise InputError(f"paper {paper!r} is not supported; use a4 or letter")
    css = resources.files("valgus.report").joinpath("templates/report.css").read_text("utf-8")
    template = _environment().get_template("report.html.j2")
    return template.render(**context, css=css, page_size=PAPERS[paper.lower()], nav=nav)


def write_pdf(html: str, out: Path) -> None:
    """Lay out and write the PDF."""
    import logging

    from weasyprint import HTML

    logging.getLogger("fontTools").setLevel(logging.WARNING)
    out.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html).write_pdf(out)
