"""Signed session cookies (itsdangerous): who is logged in and the CSRF token of the session."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "valgus_session"
MAX_AGE_S = 12 * 3600  # a working day; then log in again


@dataclass(frozen=True)
class SessionData:
    """What the cookie carries: the user name ('' before login), the CSRF token, and the tag of
    the user's password when the session began (a password change ends the session)."""

    username: str
    csrf: str
    tag: str = ""


def load_or_create_secret(path: Path) -> str:
    """The signing key kept in ``path`` (created 0600 on first use)."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


class SessionCodec:
    """Signs and checks session cookies with the app's secret key."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="valgus-session")

    def dumps(self, data: SessionData) -> str:
        return self._serializer.dumps({"u": data.username, "c": data.csrf, "t": data.tag})

    def loads(self, cookie: str | None) -> SessionData | None:
        if not cookie or len(cookie) > 4096:
            return None
        try:
            raw = self._serializer.loads(cookie, max_age=MAX_AGE_S)
        except BadSignature:
            return None
        if not isinstance(raw, dict):
            return None
        user, csrf, tag = raw.get("u"), raw.get("c"), raw.get("t", "")
        if not isinstance(user, str) or not isinstance(csrf, str) or len(csrf) < 20:
            return None
        return SessionData(username=user, csrf=csrf, tag=tag if isinstance(tag, str) else "")


def new_session(username: str = "", tag: str = "") -> SessionData:
    return SessionData(username=username, csrf=secrets.token_urlsafe(32), tag=tag)
