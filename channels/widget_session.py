"""Widget session ids: chosen by the server, handed to the browser signed and with an expiry.

The browser keeps only the signed token (in sessionStorage); it proves which conversation the
tab belongs to. A client cannot pick an id, and cannot join a conversation without its token.
"""
from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from typing import Mapping, Optional

from itsdangerous import BadSignature, URLSafeTimedSerializer

logger = logging.getLogger(__name__)

SECRET_ENV = "WIDGET_SESSION_SECRET"
MAX_AGE_ENV = "WIDGET_SESSION_MAX_AGE"
DEFAULT_MAX_AGE = 12 * 60 * 60  # seconds since the last message: a day's visit, not a week's
_SALT = "clinic-widget-session"


@dataclass(frozen=True)
class SessionTokens:
    secret: str
    max_age: int = DEFAULT_MAX_AGE

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "SessionTokens":
        environ = os.environ if environ is None else environ
        secret = environ.get(SECRET_ENV)
        if not secret:
            # Good for one process on one machine; behind several servers or across restarts
            # every server needs the same secret.
            logger.warning("%s is not set: widget sessions end when this server restarts", SECRET_ENV)
            secret = secrets.token_urlsafe(32)
        max_age = int(environ.get(MAX_AGE_ENV) or DEFAULT_MAX_AGE)
        if max_age <= 0:
            raise ValueError(f"{MAX_AGE_ENV} must be a positive number of seconds")
        return cls(secret=secret, max_age=max_age)

    @property
    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=_SALT)

    @staticmethod
    def new_session_id() -> str:
        return secrets.token_hex(16)

    def sign(self, session_id: str) -> str:
        """A fresh token for this session: its expiry counts from now."""
        return self._serializer.dumps(session_id)

    def verify(self, token: object) -> Optional[str]:
        """The session id inside a valid, unexpired token; None for anything else."""
        if not isinstance(token, str) or len(token) > 512:
            return None
        try:
            session_id = self._serializer.loads(token, max_age=self.max_age)
        except BadSignature:  # also SignatureExpired and malformed tokens
            return None
        return session_id if isinstance(session_id, str) else None
