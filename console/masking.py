"""Phone numbers and email addresses masked for lists (the transcript shows them in full).

Masking is generous on purpose: any run of seven or more digits (with the usual separators) is
treated as a phone number, so dates written as digits may be masked too. Better a masked date in
a list than a visible phone number.
"""
from __future__ import annotations

import re

from clinic_core.booking.contact import phone_tail

MASK = "•••"
_EMAIL = re.compile(r"[\w.+\-]+@([\w\-]+(?:\.[\w\-]+)+)", re.UNICODE)
_PHONE = re.compile(r"\+?\d(?:[\s().\-]*\d){6,}")


def mask_email(address: str) -> str:
    match = _EMAIL.fullmatch(address or "")
    if not match:
        return MASK if address else ""
    return f"{address[0]}{MASK}@{match.group(1)}"


def mask_phone(number: str) -> str:
    digits = re.sub(r"\D", "", number or "")
    return f"{MASK}{phone_tail(digits)}" if digits else ""


def mask_contact(text: str) -> str:
    """``text`` with every email address and phone-like number masked."""
    text = _EMAIL.sub(lambda m: mask_email(m.group(0)), text or "")
    return _PHONE.sub(lambda m: mask_phone(m.group(0)), text)


def snippet(text: str, limit: int = 120) -> str:
    """A masked, single-line preview of a patient's message."""
    flat = " ".join((text or "").split())
    masked = mask_contact(flat)
    return masked if len(masked) <= limit else masked[: limit - 1].rstrip() + "…"
