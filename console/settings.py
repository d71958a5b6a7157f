"""The console's settings, from the environment (secrets never from files in the repository).

| variable | default | meaning |
|---|---|---|
| `CONSOLE_SECRET_KEY` | random per process | signs the sign-in form's CSRF token; set it when several processes serve the console |
| `TRACKER_DATABASE_URL` | `sqlite:///var/conversations.db`, or PostgreSQL from `TRACKER_DB_*` | Rasa's tracker store (read only) |
| `BOOKING_DATABASE_URL` | `sqlite:///var/bookings.db` | booking requests and the console's own tables |
| `CONSOLE_IDLE_MINUTES` | 15 | signed out after this long without a request |
| `CONSOLE_SESSION_HOURS` | 12 | signed out after this long in any case |
| `CONSOLE_MAX_FAILURES` / `CONSOLE_LOCKOUT_MINUTES` | 5 / 15 | wrong passwords before the account locks, and for how long |
| `CONSOLE_COOKIE_SECURE` | `auto` | `auto`: Secure cookies when the request came over HTTPS; `always`; `never` |
| `CONSOLE_LOW_CONFIDENCE` | 0.6 | a turn whose intent (or FAQ answer) confidence is below this needs review |
| `RETENTION_DAYS` | 365 | the admin retention page's default |
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from typing import Mapping, Optional
from urllib.parse import quote

from clinic_core.booking.db import DEFAULT_DATABASE_URL
from clinic_core.clinic import PROJECT_ROOT

COOKIE_SECURE_CHOICES = ("auto", "always", "never")


def tracker_database_url(env: Mapping[str, str] = os.environ) -> str:
    """The tracker store the Rasa server writes: $TRACKER_DATABASE_URL, else the PostgreSQL
    settings endpoints.postgres.yml reads ($TRACKER_DB_HOST...), else var/conversations.db."""
    if env.get("TRACKER_DATABASE_URL"):
        return env["TRACKER_DATABASE_URL"]
    if env.get("TRACKER_DB_HOST"):
        user = quote(env.get("TRACKER_DB_USER", ""), safe="")
        password = quote(env.get("TRACKER_DB_PASSWORD", ""), safe="")
        credentials = f"{user}:{password}@" if user else ""
        port = f":{env['TRACKER_DB_PORT']}" if env.get("TRACKER_DB_PORT") else ""
        return f"postgresql+psycopg2://{credentials}{env['TRACKER_DB_HOST']}{port}/{env.get('TRACKER_DB_NAME', 'rasa')}"
    return f"sqlite:///{PROJECT_ROOT / 'var' / 'conversations.db'}"


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    value = float(raw)
    if value <= 0:
        raise ValueError(f"{name} must be positive")
    return value


@dataclass(frozen=True)
class ConsoleSettings:
    tracker_db_url: str
    booking_db_url: str
    secret_key: str = field(repr=False, default_factory=lambda: secrets.token_urlsafe(32))
    idle_minutes: float = 15
    session_hours: float = 12
    max_failures: int = 5
    lockout_minutes: float = 15
    cookie_secure: str = "auto"
    low_confidence: float = 0.6
    retention_days: int = 365
    page_size: int = 50

    def __post_init__(self):
        if self.cookie_secure not in COOKIE_SECURE_CHOICES:
            raise ValueError(f"CONSOLE_COOKIE_SECURE must be one of {', '.join(COOKIE_SECURE_CHOICES)}")
        if len(self.secret_key) < 16:
            raise ValueError("CONSOLE_SECRET_KEY must be at least 16 characters")

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None, **overrides) -> "ConsoleSettings":
        env = os.environ if env is None else env
        values = dict(
            tracker_db_url=tracker_database_url(env),
            booking_db_url=env.get("BOOKING_DATABASE_URL") or DEFAULT_DATABASE_URL,
            idle_minutes=_number(env, "CONSOLE_IDLE_MINUTES", 15),
            session_hours=_number(env, "CONSOLE_SESSION_HOURS", 12),
            max_failures=int(_number(env, "CONSOLE_MAX_FAILURES", 5)),
            lockout_minutes=_number(env, "CONSOLE_LOCKOUT_MINUTES", 15),
            cookie_secure=env.get("CONSOLE_COOKIE_SECURE") or "auto",
            low_confidence=_number(env, "CONSOLE_LOW_CONFIDENCE", 0.6),
            retention_days=int(_number(env, "RETENTION_DAYS", 365)),
        )
        if env.get("CONSOLE_SECRET_KEY"):
            values["secret_key"] = env["CONSOLE_SECRET_KEY"]
        values.update(overrides)
        return cls(**values)
