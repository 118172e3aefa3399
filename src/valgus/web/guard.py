"""Every request passes here: Host allow-list, session, login required, CSRF, security headers."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from valgus.errors import ValgusError
from valgus.store.users import UserRecord, get_user
from valgus.web.errors import ForbiddenError, error_response
from valgus.web.session import COOKIE, MAX_AGE_S, SessionCodec, SessionData, new_session

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PUBLIC_PATHS = ("/login",)
PUBLIC_PREFIXES = ("/static/",)
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"

#: No inline scripts, nothing from another origin, no framing.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; media-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def host_name(host_header: str) -> str:
    """'example.org:8000' -> 'example.org', '[::1]:8000' -> '::1'."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_allowed(host_header: str, allowed: tuple[str, ...]) -> bool:
    return "*" in allowed or host_name(host_header) in allowed


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


def tokens_match(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


def current_user(request: Request) -> UserRecord:
    """The logged-in user (the guard has refused every request without one)."""
    user: UserRecord = request.state.user
    return user


def csrf_token(request: Request) -> str:
    session: SessionData = request.state.session
    return session.csrf


async def require_csrf(request: Request) -> None:
    """App-wide dependency: a state-changing request carries this session's CSRF token.

    The token comes in the X-CSRF-Token header (fetch calls) or the csrf_token form field.
    """
    if request.method in SAFE_METHODS or getattr(request.state, "csrf_ok", False):
        return
    expected = csrf_token(request)
    content_type = request.headers.get("content-type", "")
    given = None
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not tokens_match(expected, given):
        raise ForbiddenError(
            "this form has expired or came from another site; reload the page and try again"
        )


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def refuse_anonymous(request: Request) -> Response:
    if request.method == "GET" and not request.url.path.startswith("/api/"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    return error_response(request, "log in first", 401)


def make_guard(
    codec: SessionCodec,
    allowed_hosts: tuple[str, ...],
    lookup: Callable[[str], UserRecord | None],
    secure_cookie: bool,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """The middleware function (see the module doc)."""

    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if not host_allowed(request.headers.get("host", ""), allowed_hosts):
            response = error_response(
                request, "this address is not served here (Host not allowed)", 400
            )
            return _secure(response)
        session = codec.loads(request.cookies.get(COOKIE))
        fresh = session is None
        if session is None:
            session = new_session()
        request.state.session = session
        request.state.user = None
        if session.username:
            try:
                request.state.user = lookup(session.username)
            except ValgusError:
                request.state.user = None
            user = request.state.user
            if user is None or not tokens_match(user.session_tag, session.tag):
                # the user was removed or their password changed: this session is over
                request.state.user = None
                session, fresh = new_session(), True
                request.state.session = session
        if request.method not in SAFE_METHODS:
            if not same_origin(request):
                return _secure(error_response(request, "cross-site requests are refused", 403))
            request.state.csrf_ok = tokens_match(session.csrf, request.headers.get(CSRF_HEADER))
        if request.state.user is None and not is_public(request.url.path):
            response = refuse_anonymous(request)
        else:
            response = await call_next(request)
        https = secure_cookie or request.url.scheme == "https"
        if fresh and not getattr(request.state, "session_set", False):
            set_session_cookie(response, codec, session, https)
        if https:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return _secure(response)

    return guard


def set_session_cookie(
    response: Response, codec: SessionCodec, session: SessionData, secure: bool
) -> None:
    response.set_cookie(
        COOKIE,
        codec.dumps(session),
        max_age=MAX_AGE_S,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def default_lookup(store_get: Callable[[], object]) -> Callable[[str], UserRecord | None]:
    def lookup(username: str) -> UserRecord | None:
        return get_user(store_get(), username)  # type: ignore[arg-type]

    return lookup
