"""Checking and normalising what a patient types into the booking form."""
from __future__ import annotations

import re
from typing import Optional

import phonenumbers
from email_validator import EmailNotValidError, validate_email

_NAME = re.compile(r"^[^\W\d_][^\W\d_'\-. ]*(?:[ '\-.]+[^\W\d_][^\W\d_'\-. ]*)+$")
_NAME_LEAD = re.compile(r"^(?:my name is|my name's|i am|i'm|it's|it is|this is|name:)\s+", re.IGNORECASE)


def normalise_name(text: str) -> Optional[str]:
    """A full name (at least two words of letters, separated by a space), or None."""
    candidate = _NAME_LEAD.sub("", (text or "").strip()).strip(" .!")
    candidate = re.sub(r"\s+", " ", candidate)
    # A space is required: "elkridge-md" (a button payload) is one word, not a name.
    if not 3 <= len(candidate) <= 100 or " " not in candidate or len(candidate.split()) > 5 \
            or not _NAME.match(candidate):
        return None
    return candidate


def normalise_phone(text: str, region: str = "US") -> Optional[str]:
    """The number in E.164 form (+14105550100), or None when it is not a valid number."""
    try:
        number = phonenumbers.parse((text or "").strip(), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(text: str) -> Optional[str]:
    """The address in normal form; syntax only (no DNS lookup: it would leak and be slow)."""
    try:
        return validate_email((text or "").strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def phone_tail(e164: str) -> str:
    return e164[-4:] if e164 else ""
