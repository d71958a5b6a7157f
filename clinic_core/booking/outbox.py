"""Delivers stored appointment requests (FHIR JSON) to the clinic's webhook, with retries.

Local mode (no webhook configured, like the localmode of RasaHQ's helpdesk-assistant ServiceNow
client): nothing is sent and rows stay ``pending``; staff work from the queue
(``python -m clinic_core.booking.cli list``). The bot never waits for delivery: the action only
stores the request; a worker (``cli worker``) or a one-off pass (``cli dispatch``) sends it.

Each attempt POSTs the stored payload as ``application/fhir+json`` with the header
``Idempotency-Key: <key>`` (the same key on every retry, so the receiver can drop duplicates).
2xx means delivered. Anything else (or a network error) counts an attempt and schedules the next
one with exponential backoff plus jitter, capped; after ``max_attempts`` the row is ``failed``
and staff see it in the list (``cli requeue REF`` sends it again). The default 12 attempts with a
30 s base span about 14 hours, so a webhook that is down for an hour or a night loses nothing.
A redirect is a failure and is never followed: requests would turn the POST into a GET (and call
a 2xx "delivered" although nothing was sent) or carry the patient's data wherever it points.

Logs carry reference codes, statuses and HTTP status codes only, never the payload or the
response body (either can hold patient data).
"""
from __future__ import annotations

import logging
import os
import random
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Dict, List, Optional, Sequence
from urllib.parse import urlsplit

import requests

from clinic_core.booking.models import utcnow
from clinic_core.booking.store import BookingStore, OutboxItem

log = logging.getLogger(__name__)

CONTENT_TYPE = "application/fhir+json; charset=utf-8"
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


@dataclass
class DispatchSummary:
    mode: str  # "webhook" or "local"
    due: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0  # claimed by another worker meanwhile
    pending: int = 0  # local mode: requests waiting in the staff queue
    references: Dict[str, str] = field(default_factory=dict)  # reference -> outcome

    def __str__(self) -> str:
        if self.mode == "local":
            return f"local mode (no webhook): {self.pending} request(s) pending in the staff queue, nothing sent"
        return (f"due {self.due}: delivered {self.delivered}, retrying {self.retrying}, "
                f"failed {self.failed}, skipped {self.skipped}")


class OutboxDispatcher:
    def __init__(
        self,
        store: BookingStore,
        webhook_url: Optional[str] = None,
        *,
        session: Optional[requests.Session] = None,
        timeout: float = 10.0,
        max_attempts: int = 12,
        backoff_base: float = 30.0,
        backoff_cap: float = 6 * 3600.0,
        jitter: float = 0.1,
        batch_size: int = 50,
        headers: Optional[Dict[str, str]] = None,
        rng: Optional[random.Random] = None,
    ):
        if webhook_url:
            parts = urlsplit(webhook_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError("webhook_url must be an http(s) URL")
            if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
                raise ValueError("webhook_url must use https (plain http only to localhost)")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.store = store
        self.webhook_url = webhook_url or None
        self.session = session or requests.Session()
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.jitter = jitter
        self.batch_size = batch_size
        self.headers = dict(headers or {})
        self.rng = rng or random.Random()

    @classmethod
    def from_env(cls, store: BookingStore, **kwargs) -> "OutboxDispatcher":
        """Webhook from $BOOKING_WEBHOOK_URL (unset: local mode); optional bearer token from
        $BOOKING_WEBHOOK_TOKEN; $BOOKING_WEBHOOK_MAX_ATTEMPTS; $BOOKING_WEBHOOK_BACKOFF_SECONDS
        (the first retry delay, doubled after each failure)."""
        headers = dict(kwargs.pop("headers", {}) or {})
        url = os.environ.get("BOOKING_WEBHOOK_URL") or None
        token = os.environ.get("BOOKING_WEBHOOK_TOKEN")
        if token:
            headers.setdefault("Authorization", f"Bearer {token}")
        elif url:
            log.warning("BOOKING_WEBHOOK_TOKEN is not set: the webhook receives patient data without "
                        "authentication. Set a token the clinic's receiver checks.")
        if os.environ.get("BOOKING_WEBHOOK_MAX_ATTEMPTS"):
            kwargs.setdefault("max_attempts", int(os.environ["BOOKING_WEBHOOK_MAX_ATTEMPTS"]))
        if os.environ.get("BOOKING_WEBHOOK_BACKOFF_SECONDS"):
            kwargs.setdefault("backoff_base", float(os.environ["BOOKING_WEBHOOK_BACKOFF_SECONDS"]))
        return cls(store, url, headers=headers, **kwargs)

    @property
    def local_mode(self) -> bool:
        return self.webhook_url is None

    def backoff(self, attempts: int) -> timedelta:
        """Delay after the ``attempts``-th failure: base * 2^(attempts-1), plus up to ``jitter``
        (a fraction) of random extra, never more than ``backoff_cap`` seconds."""
        delay = self.backoff_base * (2 ** max(0, attempts - 1))
        delay *= 1 + self.rng.uniform(0, self.jitter)
        return timedelta(seconds=min(self.backoff_cap, delay))

    def _lease(self) -> timedelta:
        return timedelta(seconds=max(60.0, self.timeout * 3))

    # ----------------------------------------------------------------------- one pass
    def dispatch_due(self, now: Optional[datetime] = None) -> DispatchSummary:
        now = now or utcnow()
        if self.local_mode:
            pending = len(self.store.list_outbox(status="pending"))
            log.info("outbox in local mode: %d request(s) pending in the staff queue", pending)
            return DispatchSummary(mode="local", pending=pending)

        summary = DispatchSummary(mode="webhook")
        due: List[OutboxItem] = self.store.due_outbox(now, limit=self.batch_size)
        summary.due = len(due)
        for item in due:
            if not self.store.claim_outbox(item, lease_until=now + self._lease()):
                summary.skipped += 1
                continue
            outcome = self._deliver(item, now)
            summary.references[item.reference] = outcome
            setattr(summary, outcome, getattr(summary, outcome) + 1)
        if summary.due:
            log.info("outbox pass: %s", summary)
        return summary

    def _deliver(self, item: OutboxItem, now: datetime) -> str:
        attempts = item.attempts + 1
        headers = {**self.headers, "Content-Type": CONTENT_TYPE, "Accept": "application/fhir+json, application/json",
                   "Idempotency-Key": item.idempotency_key}
        retry_after: Optional[float] = None
        try:
            response = self.session.post(self.webhook_url, json=item.payload, headers=headers, timeout=self.timeout,
                                         allow_redirects=False)
            response.close()
        except requests.RequestException as exc:
            error = f"network error: {type(exc).__name__}"
        else:
            if 200 <= response.status_code < 300:
                self.store.record_attempt(item, status="delivered", attempts=attempts, delivered_at=now)
                log.info("booking request %s delivered (attempt %d)", item.reference, attempts)
                return "delivered"
            redirect = 300 <= response.status_code < 400
            error = f"HTTP {response.status_code}" + (" redirect (not followed)" if redirect else "")
            retry_after = _retry_after_seconds(response.headers.get("Retry-After"))

        if attempts >= self.max_attempts:
            self.store.record_attempt(item, status="failed", attempts=attempts, last_error=error,
                                      next_attempt_at=now)
            log.error("booking request %s delivery failed for good after %d attempts (%s)",
                      item.reference, attempts, error)
            return "failed"
        delay = self.backoff(attempts)
        if retry_after is not None:
            delay = max(delay, timedelta(seconds=min(retry_after, self.backoff_cap)))
        next_at = now + delay
        self.store.record_attempt(item, status="pending", attempts=attempts, last_error=error,
                                  next_attempt_at=next_at)
        log.warning("booking request %s delivery attempt %d/%d failed (%s); next try at %s",
                    item.reference, attempts, self.max_attempts, error, next_at.isoformat(timespec="seconds"))
        return "retrying"

    # ----------------------------------------------------------------------- worker loop
    def run_forever(self, interval: float = 30.0, stop: Optional[threading.Event] = None,
                    chores: Sequence[Callable[[], object]] = ()) -> None:
        """Run ``chores`` (for example: store requests kept in the spool, the daily retention
        purge) and dispatch, every ``interval`` seconds until ``stop`` is set."""
        stop = stop or threading.Event()
        log.info("outbox worker started (%s)", "local mode" if self.local_mode else "webhook")
        while not stop.is_set():
            for task in (*chores, self.dispatch_due):
                try:
                    task()
                except Exception as exc:  # keep the worker alive; the text of DB errors can hold values
                    log.error("worker task %s failed: %s", getattr(task, "__name__", type(task).__name__),
                              type(exc).__name__)
            stop.wait(interval)
        log.info("outbox worker stopped")


def _retry_after_seconds(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # HTTP-date form: ignore, the backoff applies
