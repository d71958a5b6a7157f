"""Faults at the clinic's webhook, injected against the real outbox worker process (and, for the
hour-long outage, the dispatcher with a clock): a real SQLite file, a real HTTP server on
127.0.0.1 standing in for the clinic's receiver."""
from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

from clinic_core.booking.outbox import OutboxDispatcher
from clinic_core.booking.store import BookingStore
from scripts.servers import ROOT, base_env, free_port
from tests.booking.conftest import PATIENT, PATIENT_DATA, FakeWebhook
from tests.support.processes import wait_for

T0 = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def sqlite_store(tmp_path):
    store = BookingStore(f"sqlite:///{tmp_path / 'bookings.db'}")
    yield store
    store.dispose()


def new_request(store, now=T0, submission="s1"):
    return store.create_request(conversation_id="conv-faults", submission_id=submission, now=now, **PATIENT)


def start_worker(tmp_path, store, **env_overrides):
    env = base_env()
    env.update(BOOKING_DATABASE_URL=store.database_url, BOOKING_WEBHOOK_BACKOFF_SECONDS="0.3",
               BOOKING_SPOOL_DIR=str(tmp_path / "spool"), TRACKER_DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}")
    env.update(env_overrides)
    log = open(tmp_path / "worker.log", "wb")
    return subprocess.Popen([sys.executable, "-m", "clinic_core.booking.cli", "worker", "--interval", "0.2"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc):
    proc.terminate()
    proc.wait(timeout=20)


def test_fault_webhook_down_for_an_hour_then_500_then_200_delivers_exactly_once(sqlite_store):
    """Fault: nothing listens for an hour (connection refused), then the receiver answers 500."""
    request = new_request(sqlite_store)
    port = free_port()
    dispatcher = OutboxDispatcher(sqlite_store, f"http://127.0.0.1:{port}/appointments", timeout=2)
    now = T0
    while now < T0 + timedelta(hours=1):
        dispatcher.dispatch_due(now=now)
        now += timedelta(minutes=1)
    item = sqlite_store.outbox_for(request.reference)
    assert item.status == "pending" and item.last_error.startswith("network error")
    webhook = FakeWebhook(port)
    try:
        webhook.responses = [500]
        for _ in range(24 * 60):  # the rest of the day, minute by minute
            dispatcher.dispatch_due(now=now)
            now += timedelta(minutes=1)
        delivered = [r for r in webhook.received if r["status"] == 200]
        assert [r["status"] for r in webhook.received] == [500, 200]
        assert len(delivered) == 1 and sqlite_store.outbox_for(request.reference).status == "delivered"
    finally:
        webhook.close()


def test_fault_webhook_down_then_500_then_200_with_the_real_worker(tmp_path, sqlite_store):
    """Fault: the worker process starts while the receiver is down; it comes up answering 500."""
    request = new_request(sqlite_store, now=None)
    port = free_port()
    worker = start_worker(tmp_path, sqlite_store, BOOKING_WEBHOOK_URL=f"http://127.0.0.1:{port}/appointments",
                          BOOKING_WEBHOOK_TOKEN="receiver-secret")
    try:
        assert wait_for(lambda: sqlite_store.outbox_for(request.reference).attempts >= 2)
        webhook = FakeWebhook(port)
        webhook.responses = [500]
        try:
            assert wait_for(lambda: sqlite_store.outbox_for(request.reference).status == "delivered")
            time.sleep(1.5)  # several more passes: nothing is sent again
            assert [r["status"] for r in webhook.received] == [500, 200]
            assert webhook.received[-1]["headers"]["Authorization"] == "Bearer receiver-secret"
        finally:
            webhook.close()
    finally:
        stop(worker)
    log = (tmp_path / "worker.log").read_text()
    assert not [secret for secret in PATIENT_DATA if secret in log]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_fault_webhook_redirect_is_a_failure_and_never_followed(sqlite_store, status):
    """Fault: the receiver answers with a redirect to another server."""
    elsewhere, webhook = FakeWebhook(), FakeWebhook()
    try:
        webhook.responses = [status]
        webhook.headers[status] = {"Location": elsewhere.url}
        request = new_request(sqlite_store)
        summary = OutboxDispatcher(sqlite_store, webhook.url).dispatch_due(now=T0)
        assert summary.delivered == 0 and summary.retrying == 1
        assert elsewhere.received == []
        item = sqlite_store.outbox_for(request.reference)
        assert item.status == "pending" and item.last_error == f"HTTP {status} redirect (not followed)"
    finally:
        elsewhere.close()
        webhook.close()


def test_fault_webhook_without_token_warns_and_a_bad_url_does_not_stop_the_worker(tmp_path, sqlite_store):
    """Faults: a webhook without a bearer token; then a webhook URL that is not usable."""
    worker = start_worker(tmp_path, sqlite_store, BOOKING_WEBHOOK_URL=f"http://127.0.0.1:{free_port()}/x")
    try:
        assert wait_for(lambda: "BOOKING_WEBHOOK_TOKEN is not set" in (tmp_path / "worker.log").read_text())
    finally:
        stop(worker)
    worker = start_worker(tmp_path, sqlite_store, BOOKING_WEBHOOK_URL="http://clinic.example.com/plain-http")
    try:
        assert wait_for(lambda: "BOOKING_WEBHOOK_URL is not usable" in (tmp_path / "worker.log").read_text())
        time.sleep(1)
        assert worker.poll() is None, "the worker must keep running (local mode)"
    finally:
        stop(worker)
