"""Is an inbound webhook request one to answer? Configured channel, valid Twilio signature, and
the fields a message needs. Plain Python: the Rasa channel passes in the URL, form and header.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from twilio.request_validator import RequestValidator

from channels.sms.settings import Settings

SIGNATURE_HEADER = "X-Twilio-Signature"
# An empty TwiML document: "received, no reply here" (replies go out through the REST API).
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@dataclass(frozen=True)
class Inbound:
    message_sid: str
    phone_number: str
    body: str  # "" when Twilio sent no Body (a picture only, or a malformed request)


@dataclass(frozen=True)
class Refused:
    status: int
    reason: str  # safe to show and log: never contains the message or the number


def read_request(settings: Settings, request_url: str, form: Any, signature: str) -> Union[Inbound, Refused]:
    """``form`` is the posted form (a multi-dict); every posted field is covered by the signature."""
    missing = settings.missing()
    if missing:
        return Refused(503, "SMS channel not configured: set " + ", ".join(missing))
    url = settings.webhook_url or request_url
    if not signature or not RequestValidator(settings.auth_token).validate(url, form, signature):
        return Refused(403, f"invalid or missing {SIGNATURE_HEADER}")
    message_sid = _field(form, "MessageSid") or _field(form, "SmsSid")
    phone_number = _field(form, "From")
    if not message_sid or not phone_number:
        return Refused(400, "MessageSid and From are required")
    return Inbound(message_sid=message_sid[:64], phone_number=phone_number, body=_field(form, "Body"))


def _field(form: Any, name: str) -> str:
    value = form.get(name) if form else None
    return value.strip() if isinstance(value, str) else ""
