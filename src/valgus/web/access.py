"""Who sees what: coaches see only their team's athletes and results; every view is audited."""

from __future__ import annotations

from fastapi import Request

from valgus.errors import StoreError
from valgus.store.athletes import AthleteRecord
from valgus.store.users import UserRecord
from valgus.web.errors import ForbiddenError, NotFoundError
from valgus.web.guard import current_user


def _store(request: Request):  # type: ignore[no-untyped-def]
    from valgus.web.state import state_of

    return state_of(request).store.get()


def athlete_for(request: Request, code: str) -> AthleteRecord:
    """The athlete if this user may see them; 404 alike for unknown and for another team's."""
    from valgus.store.api import get_athlete

    user = current_user(request)
    try:
        record = get_athlete(_store(request), code)
    except StoreError:
        record = None
    if record is None or not user.sees_team(record.team):
        raise NotFoundError(f"no athlete with code {code[:70]}")
    return record


def visible(user: UserRecord, athletes: list[AthleteRecord]) -> list[AthleteRecord]:
    return [a for a in athletes if user.sees_team(a.team)]


def visible_athletes(request: Request, team: str | None = None) -> list[AthleteRecord]:
    from valgus.store.api import list_athletes

    return visible(current_user(request), list_athletes(_store(request), team))


def check_result_athlete(request: Request, athlete: str | None) -> None:
    """A coach sees a result only when it belongs to an athlete of their team."""
    user = current_user(request)
    if user.role != "coach":
        return
    if athlete is None:
        raise NotFoundError("no such analysis for your team")
    athlete_for(request, athlete)


def team_for_new_athlete(request: Request, team: str | None) -> str | None:
    """A coach adds athletes to their own team only."""
    user = current_user(request)
    if user.role != "coach":
        return team
    if team and team != user.team:
        raise ForbiddenError(f"a coach adds athletes to their own team ({user.team}) only")
    return user.team


def require_admin(request: Request) -> UserRecord:
    user = current_user(request)
    if not user.is_admin:
        raise ForbiddenError("only an admin can do this")
    return user


def audit(request: Request, action: str, target: str, detail: str | None = None) -> None:
    """Append to the audit log as the logged-in user."""
    from valgus.store.users import audit as store_audit

    store_audit(_store(request), current_user(request).username, action, target, detail)


def check_upload_athlete(request: Request, athlete: str | None) -> None:
    """An upload names an athlete this user sees; a coach must name one (of their team)."""
    from valgus.errors import InputError

    code = (athlete or "").strip()
    if code:
        athlete_for(request, code)
    elif current_user(request).role == "coach":
        raise InputError("choose an athlete of your team for this analysis")
