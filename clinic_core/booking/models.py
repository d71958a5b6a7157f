"""SQLAlchemy 1.4 models for appointment requests and their delivery outbox.

The schema itself is created by the Alembic migrations in ``migrations/versions`` (never by
``metadata.create_all``); these classes must stay in step with the newest revision
(tests/booking/test_booking_migrations.py compares them).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator

# Request workflow. Staff move a request forward only; "closed" is final. A request that was never
# contacted may be closed directly (duplicate or withdrawn).
STATUSES = ("new", "contacted", "scheduled", "closed")
TRANSITIONS: Dict[str, frozenset] = {
    "new": frozenset({"contacted", "closed"}),
    "contacted": frozenset({"scheduled", "closed"}),
    "scheduled": frozenset({"closed"}),
    "closed": frozenset(),
}
OUTBOX_STATUSES = ("pending", "delivered", "failed")

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)
Base = declarative_base(metadata=metadata)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware datetime")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Optional[datetime], dialect) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class BookingRequest(Base):
    __tablename__ = "booking_requests"

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, unique=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    idempotency_key = Column(String(64), nullable=False, unique=True)
    status = Column(String(16), nullable=False, default="new", index=True)
    full_name = Column(String(200), nullable=False)
    phone_e164 = Column(String(20), nullable=False)
    email = Column(String(320), nullable=True)
    location_id = Column(String(64), nullable=False)
    preferred_times_text = Column(Text, nullable=False)
    preferred_times_hint = Column(JSON, nullable=True)
    insurance = Column(String(200), nullable=True)
    consent_contact = Column(Boolean(create_constraint=False), nullable=False)
    consent_sms = Column(Boolean(create_constraint=False), nullable=False, default=False)
    channel = Column(String(32), nullable=False)
    quiz_snapshot = Column(JSON, nullable=True)
    triage_snapshot = Column(JSON, nullable=True)
    created_at = Column(UTCDateTime(), nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow)

    outbox = relationship("OutboxMessage", back_populates="booking_request", lazy="selectin",
                          cascade="all, delete-orphan", passive_deletes=True)

    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint("consent_contact", name="consent_contact"),
    )

    # Columns exported by the CLI, in order (every request field).
    EXPORT_FIELDS = (
        "id", "reference", "status", "created_at", "updated_at", "conversation_id", "idempotency_key",
        "full_name", "phone_e164", "email", "location_id", "preferred_times_text", "preferred_times_hint",
        "insurance", "consent_contact", "consent_sms", "channel", "quiz_snapshot", "triage_snapshot",
    )

    def as_dict(self) -> Dict[str, Any]:
        return {name: getattr(self, name) for name in self.EXPORT_FIELDS}

    def __repr__(self) -> str:  # never show patient data in reprs (they end up in tracebacks)
        return f"<BookingRequest {self.reference} {self.status}>"


class OutboxMessage(Base):
    __tablename__ = "outbox"

    id = Column(Integer, primary_key=True)
    booking_request_id = Column(Integer, ForeignKey("booking_requests.id", ondelete="CASCADE"),
                                nullable=False, index=True)
    idempotency_key = Column(String(64), nullable=False, unique=True)
    payload = Column(JSON, nullable=False)
    status = Column(String(16), nullable=False, default="pending")
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime(), nullable=False, default=utcnow)
    last_error = Column(String(200), nullable=True)  # status code or exception class only, never patient data
    delivered_at = Column(UTCDateTime(), nullable=True)
    created_at = Column(UTCDateTime(), nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow)

    booking_request = relationship("BookingRequest", back_populates="outbox")

    __table_args__ = (
        CheckConstraint(_in("status", OUTBOX_STATUSES), name="status"),
        CheckConstraint("attempts >= 0", name="attempts"),
        Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
    )

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.status} attempts={self.attempts}>"


# --------------------------------------------------------------------------- SMS channel
# Keyed by the SMS conversation id (a keyed hash of the phone number): the number itself is not
# stored here. Tables created by migrations/versions/sms_0001_channel_state.py.
SMS_CONSENT_VIA = ("keyword", "phrase", "carrier")


class SmsConsent(Base):
    """Whether a number may be texted: one row per number that ever opted out (or back in)."""

    __tablename__ = "sms_consent"

    conversation_id = Column(String(64), primary_key=True)
    opted_out = Column(Boolean(create_constraint=False), nullable=False)
    via = Column(String(16), nullable=False)  # how the last change came: keyword, phrase, carrier
    changed_at = Column(UTCDateTime(), nullable=False, default=utcnow)

    __table_args__ = (CheckConstraint(_in("via", SMS_CONSENT_VIA), name="via"),)


class SmsPending(Base):
    """What the last reply left open: its numbered options and the text MORE sends next."""

    __tablename__ = "sms_pending"

    conversation_id = Column(String(64), primary_key=True)
    options = Column(JSON, nullable=True)  # [[title, payload], ...]
    more_text = Column(Text, nullable=True)
    updated_at = Column(UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow)


class SmsInbound(Base):
    """Each inbound MessageSid once (Twilio retries a webhook with the same MessageSid)."""

    __tablename__ = "sms_inbound"

    message_sid = Column(String(64), primary_key=True)
    received_at = Column(UTCDateTime(), nullable=False, default=utcnow, index=True)
    handled_at = Column(UTCDateTime(), nullable=True)


# The staff console's tables live in the same database and migration history; importing them
# here keeps ``metadata`` complete for Alembic and the models-match-migrations test.
from clinic_core.booking import console_tables  # noqa: E402,F401
