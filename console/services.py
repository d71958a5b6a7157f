"""The console's parts, built once per app from its settings."""
from __future__ import annotations

from datetime import timedelta

from clinic_core.booking.store import BookingStore
from console.accounts import Accounts
from console.audit import AuditLog
from console.labels import load_labels
from console.review import ReviewStore
from console.settings import ConsoleSettings
from console.summaries import ConversationIndex
from console.tracker import TrackerReader


class ConsoleServices:
    def __init__(self, settings: ConsoleSettings):
        self.settings = settings
        # The clinic's database: booking requests and the console's own tables (one migration history).
        self.bookings = BookingStore(settings.booking_db_url, hide_parameters=True)
        engine = self.bookings.engine
        self.accounts = Accounts(
            engine, max_failures=settings.max_failures, lockout=timedelta(minutes=settings.lockout_minutes),
            idle=timedelta(minutes=settings.idle_minutes), lifetime=timedelta(hours=settings.session_hours))
        self.review = ReviewStore(engine)
        self.audit = AuditLog(engine)
        self.tracker = TrackerReader(settings.tracker_db_url)
        self.index = ConversationIndex(self.tracker, settings.low_confidence)
        self.labels = load_labels()

    def ready(self) -> None:
        """Bring the clinic database's schema up to date (or refuse, see BookingStore)."""
        self.bookings.ensure_schema()

    def dispose(self) -> None:
        self.tracker.dispose()
        self.bookings.dispose()
