"""Turn user errors into a friendly page (HTML) or a one-line JSON message (API); never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from valgus.errors import InputError, StoreError, ValgusError, shorten

log = logging.getLogger("valgus.web")


class UploadError(InputError):
    """An upload refused before analysis (empty, too large, wrong type); carries its HTTP status."""

    def __init__(self, message: str, status_code: int = 400) -> None:
        super().__init__(message)
        self.status_code = status_code


class NotFoundError(ValgusError):
    """A job, result or file that does not exist (HTTP 404)."""


class ForbiddenError(ValgusError):
    """Not allowed for this user or request: another team's athlete, an admin page, a bad CSRF token."""


class TooManyError(ValgusError):
    """Too many failed logins (HTTP 429)."""


def status_for(error: ValgusError) -> int:
    """HTTP status of a user error."""
    if isinstance(error, UploadError):
        return error.status_code
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, ForbiddenError):
        return 403
    if isinstance(error, TooManyError):
        return 429
    if isinstance(error, StoreError) and str(error).startswith("no athlete"):
        return 404
    return 400


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, message: str, status: int) -> Response:
    """JSON ``{"error": message}`` under /api, the friendly error page elsewhere (a huge value
    in the message is cut: it is never echoed in full)."""
    message = shorten(message)
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    from valgus.web.views import templates

    return templates().TemplateResponse(
        request, "error.html.j2", {"message": message, "status": status}, status_code=status
    )


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors()[:3]:
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(
            f"{where or 'request'}: {item.get('msg', 'invalid')}".replace("Field", "field")
        )
    return "; ".join(parts) or "the request is not valid"


UNREADABLE_BODY = "error parsing the body: send JSON text (UTF-8), not nested too deeply"


def _is_unreadable_body(error: RequestValidationError) -> bool:
    """True when the body is not JSON at all (or empty); FastAPI reports bytes that are not text (HTTP 400)
    and text that is not JSON (HTTP 422) differently, and a client gets one answer for both."""
    errors = error.errors()
    return bool(errors) and all(
        item.get("type") == "json_invalid"
        or (item.get("type") == "missing" and tuple(item.get("loc", ())) == ("body",))
        for item in errors
    )


def install_handlers(app: FastAPI) -> None:
    """Register the handlers on the app."""

    @app.exception_handler(ValgusError)
    async def _valgus(request: Request, error: ValgusError) -> Response:
        return error_response(request, str(error), status_for(error))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        if _is_unreadable_body(error):
            return error_response(request, UNREADABLE_BODY, 400)
        return error_response(request, _validation_message(error), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> Response:
        message = "page not found" if error.status_code == 404 else str(error.detail)
        if error.status_code == 400 and message == "There was an error parsing the body":
            message = UNREADABLE_BODY
        if error.status_code == 413:
            message = "the request is larger than this server accepts; send a smaller file"
        return error_response(request, message, error.status_code)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        message = "the server could not answer this request; the details are in the server log"
        return error_response(request, message, 500)


__all__ = [
    "ForbiddenError",
    "NotFoundError",
    "TooManyError",
    "UploadError",
    "error_response",
    "install_handlers",
    "status_for",
]
