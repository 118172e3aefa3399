"""A team's roster: every athlete's latest assessment, sorted for follow-up (page, CSV, Excel)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from valgus.web.access import audit, visible_athletes
from valgus.web.erase import attachment
from valgus.web.errors import NotFoundError
from valgus.web.state import state_of
from valgus.web.views import templates

router = APIRouter(include_in_schema=False)

CSV_COLUMNS = ("athlete", "date", "task", "file", "side", "reps", "readings", "headline_text",
               "verdict", "fppa_max_deg", "camera", "note")  # fmt: skip


def team_rows(request: Request, team: str) -> list[dict[str, Any]]:
    """The team's roster rows as the user may see them (a coach: their own team only)."""
    from valgus.store.api import load_history
    from valgus.team.roster import sort_for_follow_up, stored_rows

    athletes = visible_athletes(request, team)
    if not athletes:
        raise NotFoundError(f"no team {team[:40]!r} with athletes you can see")
    store = state_of(request).store.get()
    rows = [row for a in athletes for row in stored_rows(load_history(store, a.code))]
    not_assessed = {a.code for a in athletes} - {r["athlete"] for r in rows}
    rows += [{"athlete": code, "verdict": None} for code in sorted(not_assessed)]
    return sort_for_follow_up([_complete(r) for r in rows])


def _complete(row: dict[str, Any]) -> dict[str, Any]:
    from valgus.team.roster import ROSTER_COLUMNS

    return dict.fromkeys((*ROSTER_COLUMNS, *CSV_COLUMNS), None) | row


@router.get("/teams/{team}")
def team_page(request: Request, team: str) -> Response:
    rows = team_rows(request, team)
    audit(request, "view", f"team:{team[:60]}")
    return templates().TemplateResponse(request, "team.html.j2", {"team": team, "rows": rows})


@router.get("/teams/{team}/roster.csv")
def team_csv(request: Request, team: str) -> Response:
    from valgus.export.cells import safe_rows

    rows = team_rows(request, team)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(safe_rows(rows))
    audit(request, "export", f"team:{team[:60]}", "roster.csv")
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment(f"{team}-roster.csv")},
    )


@router.get("/teams/{team}/roster.xlsx")
def team_xlsx(request: Request, team: str) -> Response:
    from valgus.export.workbook import write_workbook

    rows = team_rows(request, team)
    out = io.BytesIO()
    write_workbook(rows, out, CSV_COLUMNS, "roster")
    audit(request, "export", f"team:{team[:60]}", "roster.xlsx")
    return Response(
        out.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": attachment(f"{team}-roster.xlsx")},
    )
