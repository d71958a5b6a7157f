"""Outbox delivery to a real local HTTP server, on SQLite and PostgreSQL."""
from __future__ import annotations

import logging
import random
import threading
from datetime import datetime, timedelta, timezone

import pytest
import requests

from clinic_core.booking.outbox import OutboxDispatcher

from .conftest import PATIENT_DATA

T0 = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)


def dispatcher_for(store, url, **kwargs):
    kwargs.setdefault("backoff_base", 30.0)
    kwargs.setdefault("jitter", 0.1)
    kwargs.setdefault("timeout", 5.0)
    kwargs.setdefault("rng", random.Random(7))
    return OutboxDispatcher(store, url, **kwargs)


def test_failures_are_retried_with_backoff_and_the_same_idempotency_key(store, make_request, webhook):
    request = make_request(now=T0)
    webhook.responses = [503, 500, 200]
    dispatcher = dispatcher_for(store, webhook.url, max_attempts=5)

    first = dispatcher.dispatch_due(now=T0)
    assert (first.due, first.retrying, first.delivered) == (1, 1, 0)
    item = store.outbox_for(request.reference)
    assert item.status == "pending" and item.attempts == 1 and item.last_error == "HTTP 503"
    delay1 = (item.next_attempt_at - T0).total_seconds()
    assert 30 <= delay1 <= 33  # base, plus at most 10 % jitter

    assert dispatcher.dispatch_due(now=T0 + timedelta(seconds=10)).due == 0  # not due yet: nothing sent
    assert len(webhook.received) == 1

    t1 = item.next_attempt_at
    assert dispatcher.dispatch_due(now=t1).retrying == 1
    item = store.outbox_for(request.reference)
    delay2 = (item.next_attempt_at - t1).total_seconds()
    assert item.attempts == 2 and item.last_error == "HTTP 500" and 60 <= delay2 <= 66

    t2 = item.next_attempt_at
    done = dispatcher.dispatch_due(now=t2)
    assert done.delivered == 1 and done.references == {request.reference: "delivered"}
    item = store.outbox_for(request.reference)
    assert item.status == "delivered" and item.attempts == 3 and item.delivered_at == t2
    assert dispatcher.dispatch_due(now=t2 + timedelta(days=1)).due == 0  # delivered: never again

    assert [r["status"] for r in webhook.received] == [503, 500, 200]
    keys = {r["headers"]["Idempotency-Key"] for r in webhook.received}
    assert keys == {request.idempotency_key}
    assert all(r["headers"]["Content-Type"].startswith("application/fhir+json") for r in webhook.received)
    assert all(r["body"] == item.payload for r in webhook.received)
    assert webhook.received[0]["body"]["resourceType"] == "Appointment"


def test_after_max_attempts_the_row_is_failed_and_visible_to_staff(store, make_request, webhook):
    request = make_request(now=T0)
    webhook.responses = [500] * 10
    dispatcher = dispatcher_for(store, webhook.url, max_attempts=3)
    now = T0
    outcomes = []
    for _ in range(3):
        summary = dispatcher.dispatch_due(now=now)
        outcomes.append(summary.references[request.reference])
        now = store.outbox_for(request.reference).next_attempt_at
    assert outcomes == ["retrying", "retrying", "failed"]
    item = store.outbox_for(request.reference)
    assert item.status == "failed" and item.attempts == 3 and item.last_error == "HTTP 500"
    assert not any(value in item.last_error for value in PATIENT_DATA)
    assert store.list_outbox(status="failed")[0].reference == request.reference
    assert dispatcher.dispatch_due(now=now + timedelta(days=30)).due == 0
    assert len(webhook.received) == 3

    # Staff can send it again once the receiver is fixed.
    store.requeue_outbox(request.reference, now=now)
    webhook.responses = []
    assert dispatcher.dispatch_due(now=now).delivered == 1
    assert store.outbox_for(request.reference).status == "delivered"


def test_without_a_webhook_rows_stay_pending_and_nothing_is_sent(store, make_request, webhook):
    class NoNetwork(requests.Session):
        def request(self, *args, **kwargs):
            raise AssertionError("local mode must not send anything")

    request = make_request(now=T0)
    dispatcher = OutboxDispatcher(store, None, session=NoNetwork())
    summary = dispatcher.dispatch_due(now=T0 + timedelta(days=1))
    assert summary.mode == "local" and summary.pending == 1 and summary.delivered == 0
    item = store.outbox_for(request.reference)
    assert item.status == "pending" and item.attempts == 0
    assert webhook.received == []
    assert store.get_by_reference(request.reference).status == "new"  # the staff queue is unaffected


def test_from_env_reads_the_webhook_and_token(store, monkeypatch, webhook, make_request):
    monkeypatch.delenv("BOOKING_WEBHOOK_URL", raising=False)
    assert OutboxDispatcher.from_env(store).local_mode
    monkeypatch.setenv("BOOKING_WEBHOOK_URL", webhook.url)
    monkeypatch.setenv("BOOKING_WEBHOOK_TOKEN", "test-token")
    make_request()
    assert OutboxDispatcher.from_env(store).dispatch_due().delivered == 1
    assert webhook.received[0]["headers"]["Authorization"] == "Bearer test-token"


def test_network_errors_are_retried(store, make_request, webhook):
    request = make_request(now=T0)
    closed_port = webhook.url.rsplit(":", 1)[0] + ":9/x"  # discard port: connection refused
    dispatcher = dispatcher_for(store, closed_port, timeout=2.0)
    assert dispatcher.dispatch_due(now=T0).retrying == 1
    item = store.outbox_for(request.reference)
    assert item.last_error.startswith("network error: ") and item.attempts == 1


def test_retry_after_header_is_respected(store, make_request, webhook):
    request = make_request(now=T0)
    webhook.responses = [429]
    webhook.headers[429] = {"Retry-After": "600"}
    dispatcher_for(store, webhook.url).dispatch_due(now=T0)
    item = store.outbox_for(request.reference)
    assert (item.next_attempt_at - T0).total_seconds() == 600


def test_two_workers_never_send_the_same_row_twice(store, make_request, webhook):
    references = [make_request(now=T0).reference for _ in range(6)]
    barrier = threading.Barrier(2)
    summaries = []

    def work():
        dispatcher = dispatcher_for(store, webhook.url)
        barrier.wait()
        summaries.append(dispatcher.dispatch_due(now=T0))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sent = [r["body"]["identifier"][0]["value"] for r in webhook.received]
    assert sorted(sent) == sorted(references)  # each exactly once
    assert sum(s.delivered for s in summaries) == 6


def test_run_forever_delivers_until_stopped(store, make_request, webhook):
    request = make_request()
    dispatcher = dispatcher_for(store, webhook.url)
    stop = threading.Event()
    worker = threading.Thread(target=dispatcher.run_forever, kwargs={"interval": 0.05, "stop": stop})
    worker.start()
    try:
        for _ in range(100):
            if store.outbox_for(request.reference).status == "delivered":
                break
            stop.wait(0.05)
    finally:
        stop.set()
        worker.join(5)
    assert not worker.is_alive()
    assert store.outbox_for(request.reference).status == "delivered"


@pytest.mark.parametrize("url", ["http://clinic.example.com/hook", "ftp://127.0.0.1/x", "not a url"])
def test_webhook_must_be_https_except_on_localhost(store, url):
    with pytest.raises(ValueError):
        OutboxDispatcher(store, url)
    assert OutboxDispatcher(store, "https://clinic.example.com/hook").webhook_url


def test_no_patient_data_in_logs_at_info_or_above(store, make_request, webhook, caplog):
    caplog.set_level(logging.DEBUG)
    request = make_request(now=T0)
    make_request(now=T0, submission_id="sub-1")  # repeated submission
    store.set_status(request.reference, "contacted")
    webhook.responses = [502, 200]
    dispatcher = dispatcher_for(store, webhook.url, max_attempts=5)
    dispatcher.dispatch_due(now=T0)
    dispatcher.dispatch_due(now=T0 + timedelta(hours=1))
    OutboxDispatcher(store, None).dispatch_due()
    try:
        make_request(consent_contact=False)
    except Exception:
        pass

    records = [r for r in caplog.records if r.levelno >= logging.INFO]
    text = "\n".join(r.getMessage() for r in records)
    assert request.reference in text  # the logs do say what happened ...
    assert "delivered" in text and "502" in text
    for value in PATIENT_DATA:  # ... but never to whom
        assert value not in text, value
    assert store.outbox_for(request.reference).status == "delivered"
