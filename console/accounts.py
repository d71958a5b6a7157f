"""Staff accounts and sign-in sessions (tables in clinic_core/booking/console_tables.py).

Passwords are hashed with argon2id (argon2-cffi's defaults). Repeated wrong passwords lock the
account for a while; a sign-in for an unknown name costs the same hashing time as a real one, so
timing does not tell which names exist. Sessions live on the server: the cookie holds a random
token, the table its SHA-256; they end when idle, after a fixed lifetime, or on sign-out.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import List, Optional, Tuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from clinic_core.booking.console_tables import ROLES, sessions, users
from clinic_core.booking.models import utcnow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 hashes anything, but a megabyte "password" is an attack
TOUCH_EVERY = timedelta(seconds=30)  # write last_seen_at at most this often

_hasher = PasswordHasher()


class AccountError(ValueError):
    """A clear message for the person at the command line or the admin page."""


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class StaffUser:
    id: int
    username: str
    role: str
    active: bool = True
    locked_until: Optional[datetime] = None
    last_sign_in_at: Optional[datetime] = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class SignIn:
    outcome: str  # "ok", "wrong", "locked" (already, or by this attempt), "inactive"
    user: Optional[StaffUser] = None
    locked_until: Optional[datetime] = None
    failures: int = 0


def _user(row) -> StaffUser:
    return StaffUser(row.id, row.username, row.role, bool(row.active), row.locked_until, row.last_sign_in_at)


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def check_password(password: str, username: str = "") -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at most {MAX_PASSWORD_LENGTH} characters")
    if username and username in password.lower():
        raise AccountError("the password must not contain the username")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Accounts:
    def __init__(self, engine: Engine, *, max_failures: int = 5, lockout: timedelta = timedelta(minutes=15),
                 idle: timedelta = timedelta(minutes=15), lifetime: timedelta = timedelta(hours=12)):
        self.engine = engine
        self.max_failures = max_failures
        self.lockout = lockout
        self.idle = idle
        self.lifetime = lifetime

    # ------------------------------------------------------------------------ accounts
    def create_user(self, username: str, password: str, role: str = "staff") -> StaffUser:
        name = normalise_username(username)
        if not USERNAME.match(name):
            raise AccountError("a username is 3 to 64 characters: letters, digits, '.', '_' or '-'")
        if role not in ROLES:
            raise AccountError(f"the role must be one of: {', '.join(ROLES)}")
        check_password(password, name)
        now = utcnow()
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(users).values(
                    username=name, password_hash=_hasher.hash(password), role=role, active=True,
                    failed_attempts=0, created_at=now, updated_at=now))
        except IntegrityError:
            raise AccountError(f"the username {name} is taken") from None
        return self.get(name)

    def get(self, username: str) -> Optional[StaffUser]:
        with self.engine.connect() as connection:
            row = connection.execute(select(users).where(users.c.username == normalise_username(username))).first()
        return _user(row) if row else None

    def list_users(self) -> List[StaffUser]:
        with self.engine.connect() as connection:
            return [_user(row) for row in connection.execute(select(users).order_by(users.c.username))]

    def _update(self, username: str, **values) -> StaffUser:
        with self.engine.begin() as connection:
            result = connection.execute(update(users).where(users.c.username == normalise_username(username))
                                        .values(updated_at=utcnow(), **values))
        if result.rowcount != 1:
            raise AccountError(f"no account named {normalise_username(username)}")
        return self.get(username)

    def set_password(self, username: str, password: str) -> StaffUser:
        check_password(password, normalise_username(username))
        user = self._update(username, password_hash=_hasher.hash(password), failed_attempts=0, locked_until=None)
        self.end_sessions(user.id)
        return user

    def unlock(self, username: str) -> StaffUser:
        return self._update(username, failed_attempts=0, locked_until=None)

    def set_active(self, username: str, active: bool) -> StaffUser:
        user = self._update(username, active=active)
        if not active:
            self.end_sessions(user.id)
        return user

    # ------------------------------------------------------------------------ sign-in
    def sign_in(self, username: str, password: str, now: Optional[datetime] = None) -> SignIn:
        now = now or utcnow()
        name = normalise_username(username)
        with self.engine.connect() as connection:
            row = connection.execute(select(users).where(users.c.username == name)).first() if name else None
        password = (password or "")[:MAX_PASSWORD_LENGTH]
        if row is None:
            _verify(_dummy_hash(), password)
            return SignIn("wrong")
        if row.locked_until is not None and row.locked_until > now:
            return SignIn("locked", _user(row), row.locked_until)
        if not _verify(row.password_hash, password):
            return self._failed(row, now)
        if not row.active:
            return SignIn("inactive", _user(row))
        values = dict(failed_attempts=0, locked_until=None, last_sign_in_at=now, updated_at=now)
        if _hasher.check_needs_rehash(row.password_hash):
            values["password_hash"] = _hasher.hash(password)
        with self.engine.begin() as connection:
            connection.execute(update(users).where(users.c.id == row.id).values(**values))
        return SignIn("ok", _user(row))

    def _failed(self, row, now: datetime) -> SignIn:
        with self.engine.begin() as connection:
            # An increment in the database, so parallel guesses all count.
            connection.execute(update(users).where(users.c.id == row.id)
                               .values(failed_attempts=users.c.failed_attempts + 1, updated_at=now))
            failures = connection.execute(select(users.c.failed_attempts).where(users.c.id == row.id)).scalar_one()
            if failures < self.max_failures:
                return SignIn("wrong", _user(row), failures=failures)
            until = now + self.lockout
            connection.execute(update(users).where(users.c.id == row.id)
                               .values(failed_attempts=0, locked_until=until))
        self.end_sessions(row.id)
        return SignIn("locked", _user(row), until, failures)

    # ------------------------------------------------------------------------ sessions
    def start_session(self, user: StaffUser, now: Optional[datetime] = None) -> str:
        now = now or utcnow()
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            connection.execute(insert(sessions).values(token_hash=token_hash(token), user_id=user.id,
                                                       csrf_token=secrets.token_urlsafe(32),
                                                       created_at=now, last_seen_at=now))
        return token

    def session(self, token: str, now: Optional[datetime] = None) -> Optional[Tuple[StaffUser, str]]:
        """The signed-in user and the session's CSRF token, or None (and the session is ended)."""
        if not token or len(token) > 128:
            return None
        now = now or utcnow()
        key = token_hash(token)
        with self.engine.connect() as connection:
            row = connection.execute(
                select(sessions, users).join(users, users.c.id == sessions.c.user_id)
                .where(sessions.c.token_hash == key)).first()
        if row is None:
            return None
        expired = (now - row.last_seen_at > self.idle or now - row.created_at > self.lifetime
                   or not row.active or (row.locked_until is not None and row.locked_until > now))
        with self.engine.begin() as connection:
            if expired:
                connection.execute(delete(sessions).where(sessions.c.token_hash == key))
                return None
            if now - row.last_seen_at > TOUCH_EVERY:
                connection.execute(update(sessions).where(sessions.c.token_hash == key).values(last_seen_at=now))
        return StaffUser(row.user_id, row.username, row.role, True, None, row.last_sign_in_at), row.csrf_token

    def end_session(self, token: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(sessions).where(sessions.c.token_hash == token_hash(token or "")))

    def end_sessions(self, user_id: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(sessions).where(sessions.c.user_id == user_id))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
