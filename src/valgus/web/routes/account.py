"""Log in, log out, and the admin's audit log page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from valgus.web.errors import ForbiddenError, TooManyError
from valgus.web.guard import current_user, set_session_cookie
from valgus.web.session import COOKIE, new_session
from valgus.web.state import state_of
from valgus.web.views import templates

router = APIRouter(include_in_schema=False)


def safe_next(target: str) -> str:
    """Only a path on this site ('/athletes'), never '//evil' or 'https://…'."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target[:2000]


def _login_page(request: Request, error: str | None, next_: str, status: int = 200) -> Response:
    from valgus.store.users import count_users

    no_users = count_users(state_of(request).store.get()) == 0
    return templates().TemplateResponse(
        request,
        "login.html.j2",
        {"error": error, "next": safe_next(next_), "no_users": no_users},
        status_code=status,
    )


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return _login_page(request, None, next)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    from valgus.store.users import audit, authenticate

    state = state_of(request)
    address = request.client.host if request.client else "?"
    if state.limiter.blocked(username, address):
        raise TooManyError("too many failed logins; wait 15 minutes and try again")
    user = authenticate(state.store.get(), username, password)
    if user is None:
        state.limiter.failed(username, address)
        return _login_page(request, "wrong user name or password", next, status=401)
    state.limiter.succeeded(username)
    audit(state.store.get(), user.username, "login", f"user:{user.username}", address)
    response = RedirectResponse(safe_next(next), status_code=303)
    request.state.session_set = True
    secure = state.settings.secure_cookies or request.url.scheme == "https"
    set_session_cookie(response, state.codec, new_session(user.username, user.session_tag), secure)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    request.state.session_set = True
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/admin/audit")
def audit_page(request: Request) -> Response:
    """The audit log, newest first (admins only)."""
    from valgus.store.users import read_audit

    if not current_user(request).is_admin:
        raise ForbiddenError("only an admin can read the audit log")
    entries = read_audit(state_of(request).store.get())
    return templates().TemplateResponse(request, "audit.html.j2", {"entries": entries})
