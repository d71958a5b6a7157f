"""The SMS channel's state in the clinic's database: opt-outs, what the last reply left open,
and which inbound messages were already taken.

Rows are keyed by the SMS conversation id (a keyed hash of the phone number), never by the
number. Schema and migrations are the booking store's (same database, same Alembic chain).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional, Tuple

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from clinic_core.booking.models import SmsConsent, SmsInbound, SmsPending, utcnow
from clinic_core.booking.store import BookingStore

# Twilio retries a webhook within minutes; a month of MessageSids is plenty to answer each once.
INBOUND_KEPT = timedelta(days=30)


@dataclass(frozen=True)
class Pending:
    options: List[Tuple[str, str]]  # (title, payload) of the numbered choices, in order
    more_text: str


class SmsStore:
    def __init__(self, booking_store: Optional[BookingStore] = None):
        self.booking_store = booking_store or BookingStore()

    def claim(self, message_sid: str, now: Optional[datetime] = None) -> bool:
        """True the first time a MessageSid is seen, False for a retry of it."""
        now = now or utcnow()
        with self.booking_store.session() as session:
            session.execute(delete(SmsInbound).where(SmsInbound.received_at < now - INBOUND_KEPT))
            session.add(SmsInbound(message_sid=message_sid, received_at=now))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                return False
        return True

    def mark_handled(self, message_sid: str) -> None:
        with self.booking_store.session() as session:
            session.execute(update(SmsInbound).where(SmsInbound.message_sid == message_sid)
                            .values(handled_at=utcnow()))
            session.commit()

    def handled_at(self, message_sid: str) -> Optional[datetime]:
        with self.booking_store.session() as session:
            return session.scalar(select(SmsInbound.handled_at).where(SmsInbound.message_sid == message_sid))

    def is_opted_out(self, conversation_id: str) -> bool:
        with self.booking_store.session() as session:
            return bool(session.scalar(
                select(SmsConsent.opted_out).where(SmsConsent.conversation_id == conversation_id)))

    def set_opted_out(self, conversation_id: str, opted_out: bool, via: str) -> bool:
        """Record an opt-out (or opt-in); True when that changed the number's state."""
        with self.booking_store.session() as session:
            row = session.get(SmsConsent, conversation_id)
            if row is not None and row.opted_out == opted_out:
                return False
            if row is None and not opted_out:
                return False  # never opted out: nothing to record
            if row is None:
                row = SmsConsent(conversation_id=conversation_id)
                session.add(row)
            row.opted_out, row.via, row.changed_at = opted_out, via, utcnow()
            try:
                session.commit()
            except IntegrityError:  # the same number opting out twice at once: one row wins
                session.rollback()
                return False
        return True

    def pending(self, conversation_id: str) -> Pending:
        with self.booking_store.session() as session:
            row = session.get(SmsPending, conversation_id)
            if row is None:
                return Pending(options=[], more_text="")
            return Pending(options=[(str(t), str(p)) for t, p in row.options or []], more_text=row.more_text or "")

    def save_pending(self, conversation_id: str, pending: Pending) -> None:
        with self.booking_store.session() as session:
            row = session.get(SmsPending, conversation_id)
            if row is None:
                row = SmsPending(conversation_id=conversation_id)
                session.add(row)
            row.options = [list(option) for option in pending.options] or None
            row.more_text = pending.more_text or None
            row.updated_at = utcnow()
            session.commit()
