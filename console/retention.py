"""Retention: delete conversations and booking data older than N days, keep the audit trail.

The deleting of Rasa's events, booking requests and outbox rows is issue 15's
``clinic_core.retention.purge_older_than(days, *, tracker_db_url, booking_db_url, now=None)``
(one function for the command line, the daily worker and this console). The console adds
what only it knows about: its review rows (notes, tags, corrections hold patient text) follow
their conversation and booking request, and the purge is written to the audit log.
"""
from __future__ import annotations

from typing import Any, Dict, Optional

MIN_DAYS = 1


class RetentionUnavailable(RuntimeError):
    pass


def purge_function():
    try:
        from clinic_core.retention import purge_older_than
    except ImportError:
        raise RetentionUnavailable(
            "the purge function (clinic_core.retention.purge_older_than, issue 15) is not in this build") from None
    return purge_older_than


def run_purge(services, days: int, actor: str, client: Optional[str] = None) -> Dict[str, Any]:
    """Purge everything older than ``days`` days, then the console rows that belonged to it."""
    if int(days) < MIN_DAYS:
        raise ValueError(f"keep at least {MIN_DAYS} day(s)")
    purge = purge_function()
    counts = dict(purge(int(days), tracker_db_url=services.settings.tracker_db_url,
                        booking_db_url=services.settings.booking_db_url) or {})
    if services.tracker.has_events_table():  # never read a missing store as "every conversation is gone"
        counts.update({f"console:{k}": v for k, v in
                       services.review.forget_conversations_except(services.tracker.sender_ids()).items()})
    references = {r.reference for r in services.bookings.list_requests()}
    counts["console:booking_notes"] = services.review.forget_booking_notes_except(references)
    detail = f"older than {int(days)} days; " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    services.audit.record("retention_purge", actor=actor, detail=detail, client=client)
    services.index.refresh(force=True)
    return counts
