"""The booking store: appointment requests and their outbox rows, on SQLite or PostgreSQL.

Schema policy: on first use the store checks the database's Alembic revision. With auto-migrate
on (the default, so `make run` on a fresh machine just works) it upgrades the database to the
newest revision; with ``auto_migrate=False`` or ``BOOKING_AUTO_MIGRATE=0`` (recommended in
production, where ``python -m clinic_core.booking.cli migrate`` runs at deploy time) it refuses to
work on a database that is not at the newest revision (:class:`SchemaNotReady`).

Nothing here logs patient data: log lines carry reference codes and statuses only.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, Iterator, List, Optional

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from clinic_core.booking import db
from clinic_core.booking.models import (
    STATUSES,
    TRANSITIONS,
    BookingRequest,
    OutboxMessage,
    utcnow,
)
from clinic_core.booking.reference import generate_reference, normalise_reference
from clinic_core.clinic import Clinic
from clinic_core.clinic import clinic as default_clinic

log = logging.getLogger(__name__)

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
QUIZ_SNAPSHOT_KEYS = ("route", "probability", "band", "drivers")
TRIAGE_SNAPSHOT_KEYS = ("level", "reasons")


class BookingError(Exception):
    """Base class; messages never contain patient data."""


class SchemaNotReady(BookingError):
    pass


class InvalidTransition(BookingError, ValueError):
    pass


class UnknownReference(BookingError, KeyError):
    pass


class InvalidRequest(BookingError, ValueError):
    pass


def idempotency_key_for(conversation_id: str, submission_id: str) -> str:
    """One key per (conversation, form submission). Hashed: a conversation id can be a phone
    number (SMS), and the key travels in the webhook's Idempotency-Key header."""
    digest = hashlib.sha256(f"{conversation_id}\x1f{submission_id}".encode("utf-8")).hexdigest()
    return f"bk1-{digest[:48]}"


@dataclass(frozen=True)
class OutboxItem:
    """An outbox row plus its request's reference, detached from any session."""

    id: int
    reference: str
    idempotency_key: str
    payload: Dict[str, Any]
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: Optional[str]
    delivered_at: Optional[datetime]


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")


def _clean(value: Optional[str], field: str, max_len: int, required: bool = True) -> Optional[str]:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidRequest(f"{field} is required")
        return None
    if not isinstance(value, str):
        raise InvalidRequest(f"{field} must be text")
    value = value.strip()
    if len(value) > max_len:
        raise InvalidRequest(f"{field} is longer than {max_len} characters")
    return value


def _snapshot(value: Optional[Dict[str, Any]], keys) -> Optional[Dict[str, Any]]:
    if not value:
        return None
    if not isinstance(value, dict):
        raise InvalidRequest("snapshots must be JSON objects")
    return {k: value.get(k) for k in keys if k in value}


class BookingStore:
    def __init__(self, database_url: Optional[str] = None, *, auto_migrate: Optional[bool] = None,
                 clinic: Optional[Clinic] = None, **engine_kwargs):
        self.database_url = db.resolve_database_url(database_url)
        self.auto_migrate = _env_flag("BOOKING_AUTO_MIGRATE", True) if auto_migrate is None else auto_migrate
        self._clinic = clinic
        self.engine = db.make_engine(self.database_url, **engine_kwargs)
        self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False, future=True)
        self._ready = False
        self._ready_lock = threading.Lock()

    # ----------------------------------------------------------------------- plumbing
    @property
    def clinic(self) -> Clinic:
        return self._clinic or default_clinic()

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def ensure_schema(self) -> None:
        """Check (and with auto-migrate, bring up) the schema. Called before the first operation."""
        if self._ready:
            return
        with self._ready_lock:
            if self._ready:
                return
            head = db.head_revision()
            current = db.current_revision(self.database_url)
            if current != head:
                if not self.auto_migrate:
                    raise SchemaNotReady(
                        f"booking database {db.safe_url(self.database_url)} is at revision {current}, "
                        f"expected {head}: run `python -m clinic_core.booking.cli migrate`")
                db.migrate(self.database_url)
            self._ready = True

    def session(self) -> Session:
        self.ensure_schema()
        return self._sessions()

    def dispose(self) -> None:
        self.engine.dispose()

    # ----------------------------------------------------------------------- requests
    def create_request(
        self,
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
        preferred_times_hint: Optional[Dict[str, Any]] = None,
        insurance: Optional[str] = None,
        consent_sms: bool = False,
        quiz_snapshot: Optional[Dict[str, Any]] = None,
        triage_snapshot: Optional[Dict[str, Any]] = None,
        now: Optional[datetime] = None,
    ) -> BookingRequest:
        """Store a confirmed request and its outbox row in one transaction.

        Idempotent: the same (conversation_id, submission_id) returns the row stored the first time,
        also when two calls race. The returned object is detached; ``is_new`` tells which case it was.
        """
        key = idempotency_key_for(_clean(conversation_id, "conversation_id", 255),
                                  _clean(submission_id, "submission_id", 255))
        if consent_contact is not True:
            raise InvalidRequest("consent_contact must be true to store a request")
        phone = _clean(phone_e164, "phone_e164", 20)
        if not E164.match(phone):
            raise InvalidRequest("phone_e164 is not an E.164 number")
        if self.clinic.location(location_id or "") is None:
            raise InvalidRequest("location_id is not one of the clinic's locations")
        fields = dict(
            conversation_id=conversation_id.strip(),
            idempotency_key=key,
            status="new",
            full_name=_clean(full_name, "full_name", 200),
            phone_e164=phone,
            email=_clean(email, "email", 320, required=False),
            location_id=location_id,
            preferred_times_text=_clean(preferred_times_text, "preferred_times_text", 2000),
            preferred_times_hint=preferred_times_hint or None,
            insurance=_clean(insurance, "insurance", 200, required=False),
            consent_contact=True,
            consent_sms=bool(consent_sms),
            channel=_clean(channel, "channel", 32),
            quiz_snapshot=_snapshot(quiz_snapshot, QUIZ_SNAPSHOT_KEYS),
            triage_snapshot=_snapshot(triage_snapshot, TRIAGE_SNAPSHOT_KEYS),
        )

        existing = self._by_key(key)
        if existing is not None:
            log.info("booking request %s already stored (repeated submission)", existing.reference)
            return existing

        from clinic_core.booking.fhir import to_fhir_appointment

        for _ in range(5):
            stamp = now or utcnow()
            request = BookingRequest(reference=generate_reference(), created_at=stamp, updated_at=stamp, **fields)
            message = OutboxMessage(idempotency_key=key, payload=to_fhir_appointment(request, self.clinic),
                                    status="pending", attempts=0, next_attempt_at=stamp,
                                    created_at=stamp, updated_at=stamp)
            request.outbox = [message]
            session = self.session()
            try:
                session.add(request)
                session.commit()
            except IntegrityError:
                session.rollback()
                existing = self._by_key(key)
                if existing is not None:  # another call stored the same submission first
                    log.info("booking request %s already stored (concurrent submission)", existing.reference)
                    return existing
                if self.get_by_reference(request.reference) is not None:
                    continue  # reference collision: try another code
                # Some other constraint: do not chain the driver's error, its text holds the values.
                raise BookingError("the database rejected the request") from None
            finally:
                session.close()
            request.is_new = True
            log.info("booking request %s stored with status new; outbox pending", request.reference)
            return request
        raise BookingError("could not allocate a unique reference code")

    def _by_key(self, key: str) -> Optional[BookingRequest]:
        with self.session() as session:
            found = session.execute(
                select(BookingRequest).where(BookingRequest.idempotency_key == key)).scalar_one_or_none()
        if found is not None:
            found.is_new = False
        return found

    def get_by_reference(self, reference: str) -> Optional[BookingRequest]:
        code = normalise_reference(reference)
        if code is None:
            return None
        with self.session() as session:
            return session.execute(
                select(BookingRequest).where(BookingRequest.reference == code)).scalar_one_or_none()

    def list_requests(self, status: Optional[str] = None, limit: Optional[int] = None) -> List[BookingRequest]:
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
        query = select(BookingRequest).order_by(BookingRequest.created_at, BookingRequest.id)
        if status is not None:
            query = query.where(BookingRequest.status == status)
        if limit is not None:
            query = query.limit(limit)
        with self.session() as session:
            return list(session.execute(query).scalars())

    def requests_for_conversation(self, conversation_id: str) -> List[BookingRequest]:
        """Every request stored from one conversation, oldest first (for the staff console)."""
        query = (select(BookingRequest).where(BookingRequest.conversation_id == conversation_id)
                 .order_by(BookingRequest.created_at, BookingRequest.id))
        with self.session() as session:
            return list(session.execute(query).scalars())

    def count_requests(self, status: Optional[str] = None) -> int:
        query = select(func.count(BookingRequest.id))
        if status is not None:
            query = query.where(BookingRequest.status == status)
        with self.session() as session:
            return session.execute(query).scalar_one()

    def set_status(self, reference: str, new_status: str, now: Optional[datetime] = None) -> BookingRequest:
        """Move a request along new -> contacted -> scheduled -> closed (see models.TRANSITIONS).

        The update is a compare-and-set on the old status, so two staff members acting at once
        cannot both succeed from the same starting state."""
        if new_status not in STATUSES:
            raise InvalidTransition(f"unknown status {new_status!r}; one of {', '.join(STATUSES)}")
        code = normalise_reference(reference)
        current = self.get_by_reference(code) if code else None
        if current is None:
            raise UnknownReference(reference if code is None else code)
        if current.status == new_status:
            return current
        if new_status not in TRANSITIONS[current.status]:
            raise InvalidTransition(f"{code}: {current.status} -> {new_status} is not allowed")
        with self.session() as session, session.begin():
            result = session.execute(
                update(BookingRequest)
                .where(BookingRequest.id == current.id, BookingRequest.status == current.status)
                .values(status=new_status, updated_at=now or utcnow())
                .execution_options(synchronize_session=False))
            if result.rowcount != 1:
                raise InvalidTransition(f"{code}: status changed meanwhile; reload and try again")
        log.info("booking request %s status %s -> %s", code, current.status, new_status)
        return self.get_by_reference(code)

    def iter_export(self) -> Iterator[Dict[str, Any]]:
        """Every request with every field, plus its delivery status (for the CSV export)."""
        for request in self.list_requests():
            row = request.as_dict()
            message = request.outbox[0] if request.outbox else None
            row["delivery_status"] = message.status if message else None
            row["delivery_attempts"] = message.attempts if message else None
            row["delivered_at"] = message.delivered_at if message else None
            yield row

    # ----------------------------------------------------------------------- outbox
    def _item(self, message: OutboxMessage, reference: str) -> OutboxItem:
        return OutboxItem(
            id=message.id, reference=reference, idempotency_key=message.idempotency_key,
            payload=message.payload, status=message.status, attempts=message.attempts,
            next_attempt_at=message.next_attempt_at, last_error=message.last_error,
            delivered_at=message.delivered_at)

    def list_outbox(self, status: Optional[str] = None) -> List[OutboxItem]:
        query = (select(OutboxMessage, BookingRequest.reference)
                 .join(BookingRequest, OutboxMessage.booking_request_id == BookingRequest.id)
                 .order_by(OutboxMessage.id))
        if status is not None:
            query = query.where(OutboxMessage.status == status)
        with self.session() as session:
            return [self._item(m, ref) for m, ref in session.execute(query)]

    def outbox_for(self, reference: str) -> Optional[OutboxItem]:
        code = normalise_reference(reference)
        return next((item for item in self.list_outbox() if item.reference == code), None) if code else None

    def due_outbox(self, now: datetime, limit: int = 50) -> List[OutboxItem]:
        query = (select(OutboxMessage, BookingRequest.reference)
                 .join(BookingRequest, OutboxMessage.booking_request_id == BookingRequest.id)
                 .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
                 .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                 .limit(limit))
        with self.session() as session:
            return [self._item(m, ref) for m, ref in session.execute(query)]

    def claim_outbox(self, item: OutboxItem, lease_until: datetime) -> bool:
        """Take a due row for one delivery attempt (compare-and-set on next_attempt_at), so two
        workers never send the same row at once. A crashed worker's lease simply runs out."""
        with self.session() as session, session.begin():
            result = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == item.id, OutboxMessage.status == "pending",
                       OutboxMessage.next_attempt_at == item.next_attempt_at)
                .values(next_attempt_at=lease_until, updated_at=utcnow())
                .execution_options(synchronize_session=False))
            return result.rowcount == 1

    def record_attempt(self, item: OutboxItem, *, status: str, attempts: int,
                       next_attempt_at: Optional[datetime] = None, last_error: Optional[str] = None,
                       delivered_at: Optional[datetime] = None) -> None:
        values: Dict[str, Any] = dict(status=status, attempts=attempts, last_error=last_error,
                                      delivered_at=delivered_at, updated_at=utcnow())
        if next_attempt_at is not None:
            values["next_attempt_at"] = next_attempt_at
        with self.session() as session, session.begin():
            session.execute(update(OutboxMessage).where(OutboxMessage.id == item.id).values(**values)
                            .execution_options(synchronize_session=False))

    def requeue_outbox(self, reference: str, now: Optional[datetime] = None) -> OutboxItem:
        """Staff action: send a failed (or pending) message again from scratch."""
        item = self.outbox_for(reference)
        if item is None:
            raise UnknownReference(reference)
        if item.status == "delivered":
            raise InvalidTransition(f"{item.reference}: already delivered")
        self.record_attempt(item, status="pending", attempts=0, next_attempt_at=now or utcnow())
        log.info("outbox for %s requeued", item.reference)
        return self.outbox_for(reference)
