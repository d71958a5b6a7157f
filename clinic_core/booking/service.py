"""What the Rasa action calls: store one confirmed request, get its reference code back.

Plain Python (no Rasa import). The process-wide store uses $BOOKING_DATABASE_URL or the SQLite
file var/bookings.db. Delivery to the clinic is the outbox worker's job (``cli worker``), so a
slow or missing webhook never holds up the conversation.
"""
from __future__ import annotations

import os
import threading
from datetime import datetime
from typing import Any, Dict, Optional

from clinic_core.booking.store import BookingStore
from clinic_core.booking.times import parse_preferences

_store: Optional[BookingStore] = None
_lock = threading.Lock()
# A patient waits on this store (the Rasa server gives an action a few seconds): a locked or
# unreachable database must fail fast, so the request is kept for retry and the patient told.
ENV_LOCK_TIMEOUT = "BOOKING_DB_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 2.0


def default_store() -> BookingStore:
    global _store
    with _lock:
        if _store is None:
            _store = BookingStore(lock_timeout=float(os.environ.get(ENV_LOCK_TIMEOUT) or DEFAULT_LOCK_TIMEOUT))
        return _store


def reset_default_store() -> None:
    """Forget the process-wide store (tests that change $BOOKING_DATABASE_URL call this)."""
    global _store
    with _lock:
        if _store is not None:
            _store.dispose()
        _store = None


def submit_request(
    *,
    conversation_id: str,
    submission_id: str,
    full_name: str,
    phone_e164: str,
    location_id: str,
    preferred_times_text: str,
    consent_contact: bool,
    channel: str,
    email: Optional[str] = None,
    insurance: Optional[str] = None,
    consent_sms: bool = False,
    quiz_snapshot: Optional[Dict[str, Any]] = None,
    triage_snapshot: Optional[Dict[str, Any]] = None,
    store: Optional[BookingStore] = None,
    now: Optional[datetime] = None,
) -> str:
    """Store the request (idempotent per conversation + submission id) and return its reference."""
    request = (store or default_store()).create_request(
        conversation_id=conversation_id,
        submission_id=submission_id,
        full_name=full_name,
        phone_e164=phone_e164,
        email=email,
        location_id=location_id,
        preferred_times_text=preferred_times_text,
        preferred_times_hint=parse_preferences(preferred_times_text, now=now),
        insurance=insurance,
        consent_contact=consent_contact,
        consent_sms=consent_sms,
        channel=channel,
        quiz_snapshot=quiz_snapshot,
        triage_snapshot=triage_snapshot,
        now=now,
    )
    return request.reference
