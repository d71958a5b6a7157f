"""The SMS channel's settings, all from environment variables (no secret in the repository).

Required for the channel to answer (without them it loads and answers 503, saying what is missing):
  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN      the Twilio account (API sends; webhook signatures)
  TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID   who the replies come from
  SMS_CONVERSATION_KEY                       key of the pseudonymous conversation ids (32+ chars)
Optional:
  SMS_WEBHOOK_URL       the public URL Twilio posts to (behind a proxy the server sees another one)
  TWILIO_API_BASE_URL   default https://api.twilio.com (tests point it at a local fake)
  SMS_SEND_ATTEMPTS     default 4; SMS_RETRY_SECONDS default 1.0 (doubles after each failure)
"""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import List, Mapping, Optional

MIN_KEY_LENGTH = 32
DEFAULT_API_BASE_URL = "https://api.twilio.com"


@dataclass(frozen=True)
class Settings:
    account_sid: str = ""
    auth_token: str = ""
    from_number: str = ""
    messaging_service_sid: str = ""
    conversation_key: str = ""
    webhook_url: str = ""
    api_base_url: str = DEFAULT_API_BASE_URL
    send_attempts: int = 4
    retry_seconds: float = 1.0

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if environ is None else environ
        get = lambda name: (env.get(name) or "").strip()  # noqa: E731
        return cls(
            account_sid=get("TWILIO_ACCOUNT_SID"),
            auth_token=get("TWILIO_AUTH_TOKEN"),
            from_number=get("TWILIO_FROM_NUMBER"),
            messaging_service_sid=get("TWILIO_MESSAGING_SERVICE_SID"),
            conversation_key=get("SMS_CONVERSATION_KEY"),
            webhook_url=get("SMS_WEBHOOK_URL"),
            api_base_url=(get("TWILIO_API_BASE_URL") or DEFAULT_API_BASE_URL).rstrip("/"),
            send_attempts=max(1, int(get("SMS_SEND_ATTEMPTS") or 4)),
            retry_seconds=max(0.0, float(get("SMS_RETRY_SECONDS") or 1.0)),
        )

    def missing(self) -> List[str]:
        """What stops the channel from answering (names of environment variables)."""
        missing = [name for name, value in (
            ("TWILIO_ACCOUNT_SID", self.account_sid), ("TWILIO_AUTH_TOKEN", self.auth_token),
        ) if not value]
        if not (self.from_number or self.messaging_service_sid):
            missing.append("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
        if len(self.conversation_key) < MIN_KEY_LENGTH:
            missing.append(f"SMS_CONVERSATION_KEY (at least {MIN_KEY_LENGTH} characters)")
        return missing

    def conversation_id(self, phone_number: str) -> str:
        """The pseudonymous conversation id of a number: the same number always gives the same
        id, and without the key nobody can tell the number from the id."""
        number = "".join(phone_number.split())
        digest = hmac.new(self.conversation_key.encode(), number.encode(), hashlib.sha256).hexdigest()
        return f"sms-{digest[:40]}"
