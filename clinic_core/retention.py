"""Retention: what the assistant stores is deleted after $RETENTION_DAYS days (default 30).

    python -m clinic_core.retention [--days N]     # one purge now; prints what it deleted

The outbox worker runs the same purge once a day. Plain Python and SQLAlchemy, no Rasa import:
Rasa's SQL tracker store keeps every conversation as rows of one table, ``events`` (sender_id,
type_name, timestamp in Unix seconds, ...), and loads a conversation from its latest
``session_started`` event on.

- Conversations: every event older than the cutoff is deleted when its session is over (a later
  ``session_started`` exists) or when the whole conversation is older than the cutoff. The session
  a patient is in right now is never cut in half.
- Booking requests older than the cutoff are deleted once they reached the clinic (delivered) or
  staff closed them. A request still waiting for delivery, or still open in local mode, is kept.
- Delivered outbox payloads (the FHIR copy sent to the clinic) are emptied at the next purge:
  the clinic has them, and the request row keeps what staff need until its own cutoff.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional, Sequence

from sqlalchemy import Text, cast, create_engine, delete, inspect, select, text, update
from sqlalchemy.engine import URL

from clinic_core.private_storage import DATA_DIR

log = logging.getLogger(__name__)

ENV_RETENTION_DAYS = "RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 30
PURGE_EVERY_SECONDS = 24 * 3600

_OLD_EVENTS = """
    FROM events WHERE timestamp < :cutoff AND (
        sender_id NOT IN (SELECT recent.sender_id FROM events recent WHERE recent.timestamp >= :cutoff)
        OR id < (SELECT MAX(later.id) FROM events later
                 WHERE later.sender_id = events.sender_id AND later.type_name = 'session_started'))
"""
_GONE_CONVERSATIONS = """
    SELECT COUNT(DISTINCT sender_id) FROM events
    WHERE sender_id NOT IN (SELECT recent.sender_id FROM events recent WHERE recent.timestamp >= :cutoff)
"""


@dataclass
class PurgeCounts:
    events: int = 0
    conversations: int = 0  # conversations with nothing left
    requests: int = 0
    payloads: int = 0

    def __str__(self) -> str:
        return (f"deleted {self.events} conversation event(s) ({self.conversations} whole conversation(s)), "
                f"{self.requests} booking request(s); emptied {self.payloads} delivered payload(s)")


def retention_days() -> int:
    days = int(os.environ.get(ENV_RETENTION_DAYS) or DEFAULT_RETENTION_DAYS)
    if days < 1:
        raise ValueError(f"{ENV_RETENTION_DAYS} must be at least 1")
    return days


def tracker_db_url_from_env() -> str:
    """The conversation store the Rasa server uses: $TRACKER_DATABASE_URL, else the TRACKER_DB_*
    variables of endpoints.postgres.yml, else var/conversations.db (endpoints.yml)."""
    if os.environ.get("TRACKER_DATABASE_URL"):
        return os.environ["TRACKER_DATABASE_URL"]
    if os.environ.get("TRACKER_DB_HOST"):
        env = os.environ
        query = {"sslmode": env["TRACKER_DB_SSLMODE"]} if env.get("TRACKER_DB_SSLMODE") else {}
        return URL.create("postgresql+psycopg2", username=env.get("TRACKER_DB_USER"),
                          password=env.get("TRACKER_DB_PASSWORD"), host=env["TRACKER_DB_HOST"],
                          port=int(env["TRACKER_DB_PORT"]) if env.get("TRACKER_DB_PORT") else None,
                          database=env.get("TRACKER_DB_NAME"), query=query).render_as_string(hide_password=False)
    return f"sqlite:///{DATA_DIR / 'conversations.db'}"


def purge_conversations(tracker_db_url: str, cutoff: datetime) -> PurgeCounts:
    engine = create_engine(tracker_db_url, future=True, hide_parameters=True)
    try:
        if not inspect(engine).has_table("events"):
            return PurgeCounts()
        params = {"cutoff": cutoff.timestamp()}
        with engine.begin() as connection:
            gone = connection.execute(text(_GONE_CONVERSATIONS), params).scalar_one()
            deleted = connection.execute(text("DELETE" + _OLD_EVENTS), params).rowcount
        return PurgeCounts(events=deleted, conversations=gone)
    finally:
        engine.dispose()


def purge_bookings(booking_db_url: str, cutoff: datetime) -> PurgeCounts:
    from clinic_core.booking.models import BookingRequest, OutboxMessage
    from clinic_core.booking.store import BookingStore

    store = BookingStore(booking_db_url)
    try:
        delivered = select(OutboxMessage.booking_request_id).where(OutboxMessage.status == "delivered")
        done = select(BookingRequest.id).where(
            BookingRequest.created_at < cutoff,
            (BookingRequest.status == "closed") | BookingRequest.id.in_(delivered))
        with store.session() as session, session.begin():
            ids = list(session.execute(done).scalars())
            session.execute(delete(OutboxMessage).where(OutboxMessage.booking_request_id.in_(ids)))
            requests = session.execute(delete(BookingRequest).where(BookingRequest.id.in_(ids))).rowcount
            payloads = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == "delivered", cast(OutboxMessage.payload, Text) != "{}")
                .values(payload={}).execution_options(synchronize_session=False)).rowcount
        return PurgeCounts(requests=requests, payloads=payloads)
    finally:
        store.dispose()


def purge_older_than(days: int, *, tracker_db_url: str, booking_db_url: str,
                     now: Optional[datetime] = None) -> PurgeCounts:
    """Delete what is older than ``days`` days (see the module docstring); return the counts."""
    if days < 1:
        raise ValueError("days must be at least 1")
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    conversations = purge_conversations(tracker_db_url, cutoff)
    bookings = purge_bookings(booking_db_url, cutoff)
    counts = PurgeCounts(conversations.events, conversations.conversations, bookings.requests, bookings.payloads)
    log.info("retention purge (%d days): %s", days, counts)
    return counts


class DailyPurge:
    """The worker's chore: purge at the first pass, then once every 24 hours."""

    def __init__(self, days: int, tracker_db_url: str, booking_db_url: str, clock=time.monotonic):
        self.days, self.tracker_db_url, self.booking_db_url, self.clock = days, tracker_db_url, booking_db_url, clock
        self.last: Optional[float] = None

    def __call__(self) -> Optional[PurgeCounts]:
        if self.last is not None and self.clock() - self.last < PURGE_EVERY_SECONDS:
            return None
        counts = purge_older_than(self.days, tracker_db_url=self.tracker_db_url, booking_db_url=self.booking_db_url)
        self.last = self.clock()
        return counts


def main(argv: Optional[Sequence[str]] = None) -> int:
    from clinic_core.booking.db import resolve_database_url

    parser = argparse.ArgumentParser(prog="python -m clinic_core.retention", description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=None, help=f"default: ${ENV_RETENTION_DAYS} or {DEFAULT_RETENTION_DAYS}")
    args = parser.parse_args(argv)
    from clinic_core import log_privacy
    from clinic_core.private_storage import secure_process

    secure_process()
    log_privacy.install()
    logging.basicConfig(level=logging.WARNING)
    counts = purge_older_than(args.days or retention_days(), tracker_db_url=tracker_db_url_from_env(),
                              booking_db_url=resolve_database_url())
    print(counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
