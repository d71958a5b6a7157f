"""The console's parts, built once per app from its settings."""
from __future__ import annotations

import logging
import threading
from datetime import timedelta

from clinic_core.booking.store import BookingStore
from console.accounts import Accounts
from console.audit import AuditLog
from console.labels import load_labels
from console.review import ReviewStore
from console.settings import ConsoleSettings
from console.summaries import ConversationIndex
from console.tracker import TrackerReader

log = logging.getLogger(__name__)


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

    def warm(self) -> None:
        """Read the tracker store once in the background, so the first page is quick."""
        try:
            self.ready()
            self.index.refresh()
        except Exception as exc:  # noqa: BLE001  (the first request will say what is wrong)
            log.warning("console: could not read ahead (%s)", type(exc).__name__)

    def ready(self) -> None:
        """Bring the clinic database's schema up to date (or refuse, see BookingStore)."""
        self.bookings.ensure_schema()

    def warm_in_background(self) -> None:
        threading.Thread(target=self.warm, name="console-warm", daemon=True).start()

    def dispose(self) -> None:
        self.tracker.dispose()
        self.bookings.dispose()
