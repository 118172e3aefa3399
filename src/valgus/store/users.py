"""Users of the web app (argon2 password hashes) and the append-only audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from valgus.errors import StoreError
from valgus.store.models import AuditEntry, User
from valgus.store.store import Store

ROLES = ("admin", "clinician", "coach")
MIN_PASSWORD = 10
_hasher = PasswordHasher()
#: Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("valgus-no-such-user")


@dataclass(frozen=True)
class UserRecord:
    """A logged-in user as plain data: coaches see only athletes of ``team``.

    ``session_tag`` changes with the password: a session cookie carries the tag it was issued
    with, so setting a password ends every session opened with the old one.
    """

    username: str
    role: str
    team: str | None
    session_tag: str = field(default="", compare=False, repr=False)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def sees_team(self, team: str | None) -> bool:
        """Whether this user may see an athlete of ``team``."""
        return self.role != "coach" or (team is not None and team == self.team)


@dataclass(frozen=True)
class AuditRecord:
    at: str
    username: str
    action: str
    target: str
    detail: str | None


def session_tag(password_hash: str) -> str:
    """A short fingerprint of the password hash (new salt, new tag, at every password change)."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:32]


def _record(user: User) -> UserRecord:
    return UserRecord(
        username=user.username,
        role=user.role,
        team=user.team,
        session_tag=session_tag(user.password_hash),
    )


def validate_username(username: str) -> str:
    username = username.strip()
    if not (1 <= len(username) <= 64) or not all(c.isalnum() or c in "._-@" for c in username):
        raise StoreError(
            "a user name is 1-64 letters, digits or . _ - @ (got "
            f"{username[:70]!r}{'…' if len(username) > 70 else ''})"
        )
    return username


def add_user(
    store: Store, username: str, password: str, role: str, team: str | None = None
) -> UserRecord:
    """Create a user (StoreError for a taken name, a short password, a coach without a team)."""
    username = validate_username(username)
    if role not in ROLES:
        raise StoreError(f"role must be one of {', '.join(ROLES)} (got {role[:40]!r})")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"the password must have at least {MIN_PASSWORD} characters")
    team = (team or "").strip() or None
    if role == "coach" and team is None:
        raise StoreError("a coach needs a team (--team NAME): coaches see only their team")
    with store.unit_of_work() as session:
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise StoreError(f"user {username} already exists")
        user = User(username=username, password_hash=_hasher.hash(password), role=role, team=team)
        session.add(user)
        session.flush()
        return _record(user)


def set_password(store: Store, username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"the password must have at least {MIN_PASSWORD} characters")
    with store.unit_of_work() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise StoreError(f"no user {username}")
        user.password_hash = _hasher.hash(password)


def authenticate(store: Store, username: str, password: str) -> UserRecord | None:
    """The user if the password matches, else None (same cost for unknown names)."""
    with store.unit_of_work() as session:
        user = session.scalar(select(User).where(User.username == username.strip()))
        try:
            _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        return _record(user) if user is not None else None


def get_user(store: Store, username: str) -> UserRecord | None:
    with store.unit_of_work() as session:
        user = session.scalar(select(User).where(User.username == username))
        return _record(user) if user is not None else None


def list_users(store: Store) -> list[UserRecord]:
    with store.unit_of_work() as session:
        return [_record(u) for u in session.scalars(select(User).order_by(User.username))]


def count_users(store: Store) -> int:
    return len(list_users(store))


def audit(store: Store, username: str, action: str, target: str, detail: str | None = None) -> None:
    """Append one line to the audit log (never updated or deleted by valgus)."""
    with store.unit_of_work() as session:
        session.add(
            AuditEntry(
                at=dt.datetime.now(dt.UTC),
                username=username[:64],
                action=action[:32],
                target=target[:255],
                detail=detail,
            )
        )


def read_audit(store: Store, limit: int = 500) -> list[AuditRecord]:
    """The newest audit lines first."""
    with store.unit_of_work() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
        return [
            AuditRecord(
                at=r.at.isoformat(timespec="seconds"),
                username=r.username,
                action=r.action,
                target=r.target,
                detail=r.detail,
            )
            for r in rows
        ]
