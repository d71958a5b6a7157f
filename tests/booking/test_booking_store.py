"""BookingStore on a real SQLite file and a real PostgreSQL database."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timezone

import pytest
from fhirclient.models.appointment import Appointment
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from clinic_core.booking import db
from clinic_core.booking.models import BookingRequest, OutboxMessage
from clinic_core.booking.reference import is_valid_reference
from clinic_core.booking.store import (
    BookingError,
    BookingStore,
    InvalidRequest,
    InvalidTransition,
    SchemaNotReady,
    UnknownReference,
    idempotency_key_for,
)

from .conftest import PATIENT, PATIENT_DATA


def _counts(store):
    with store.session() as session:
        return (session.execute(select(func.count(BookingRequest.id))).scalar_one(),
                session.execute(select(func.count(OutboxMessage.id))).scalar_one())


def test_request_and_outbox_row_are_written_together(store, make_request):
    request = make_request()
    assert request.is_new and request.status == "new"
    assert is_valid_reference(request.reference)
    assert request.idempotency_key == idempotency_key_for("conv-test", "sub-1")
    assert request.created_at.tzinfo is not None and request.created_at.utcoffset().total_seconds() == 0
    assert request.quiz_snapshot == {"route": "specialist", "probability": 0.42, "band": "moderate",
                                     "drivers": ["pain worse after sitting", "morning stiffness"]}
    assert _counts(store) == (1, 1)

    message = store.outbox_for(request.reference)
    assert message.status == "pending" and message.attempts == 0
    assert message.idempotency_key == request.idempotency_key
    assert message.payload["identifier"][0]["value"] == request.reference
    appointment = Appointment(message.payload, strict=True)  # the stored payload is valid FHIR R4
    assert appointment.status == "proposed"
    assert {p.status for p in appointment.participant} == {"needs-action"}


def test_outbox_row_is_rolled_back_with_a_failed_request(store, make_request, monkeypatch):
    make_request()
    from clinic_core.booking import store as store_module

    # Force a clash on the reference: the whole transaction (request + outbox) must roll back.
    existing = store.list_requests()[0].reference
    codes = iter([existing] * 5)
    monkeypatch.setattr(store_module, "generate_reference", lambda: next(codes))
    with pytest.raises(BookingError):
        make_request(submission_id="another")
    assert _counts(store) == (1, 1)


def test_same_confirmation_twice_stores_one_row(store, make_request):
    first = make_request(submission_id="form-1")
    second = make_request(submission_id="form-1", full_name="Someone Else")
    assert first.is_new and not second.is_new
    assert second.reference == first.reference and second.full_name == PATIENT["full_name"]
    assert _counts(store) == (1, 1)
    third = make_request(submission_id="form-2")
    assert third.reference != first.reference
    assert _counts(store) == (2, 2)


def test_same_confirmation_from_parallel_threads_stores_one_row(store, make_request):
    workers = 8
    barrier = threading.Barrier(workers)

    def submit(_):
        barrier.wait()
        return make_request(submission_id="form-race").reference

    with ThreadPoolExecutor(workers) as pool:
        references = list(pool.map(submit, range(workers)))
    assert len(set(references)) == 1
    assert _counts(store) == (1, 1)


def test_insert_race_is_resolved_by_the_unique_key(store, make_request, monkeypatch):
    """The pre-check missed the other call's row: the unique index catches it, the stored row is returned."""
    first = make_request(submission_id="form-1")
    real = store._by_key
    calls = []

    def miss_once(key):
        calls.append(key)
        return None if len(calls) == 1 else real(key)

    monkeypatch.setattr(store, "_by_key", miss_once)
    again = make_request(submission_id="form-1")
    assert again.reference == first.reference and again.is_new is False
    assert len(calls) == 2
    assert _counts(store) == (1, 1)


def test_status_workflow_is_enforced(store, make_request):
    reference = make_request().reference
    with pytest.raises(InvalidTransition):
        store.set_status(reference, "scheduled")  # must be contacted first
    assert store.set_status(reference.lower(), "contacted").status == "contacted"
    assert store.set_status(reference, "contacted").status == "contacted"  # repeating is harmless
    with pytest.raises(InvalidTransition):
        store.set_status(reference, "new")  # no going back
    assert store.set_status(reference, "scheduled").status == "scheduled"
    closed = store.set_status(reference, "closed")
    assert closed.status == "closed" and closed.updated_at >= closed.created_at
    for status in ("new", "contacted", "scheduled"):
        with pytest.raises(InvalidTransition):
            store.set_status(reference, status)
    with pytest.raises(InvalidTransition):
        store.set_status(reference, "cancelled")
    with pytest.raises(UnknownReference):
        store.set_status("ZZZZ-ZZZ", "contacted")

    other = make_request().reference
    assert store.set_status(other, "closed").status == "closed"  # duplicate/withdrawn: close directly


def test_concurrent_status_changes_cannot_both_win(store, make_request):
    reference = make_request().reference
    barrier = threading.Barrier(2)
    outcomes = []

    def move(target):
        barrier.wait()
        try:
            outcomes.append(store.set_status(reference, target).status)
        except InvalidTransition:
            outcomes.append("refused")

    threads = [threading.Thread(target=move, args=(t,)) for t in ("contacted", "closed")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = store.get_by_reference(reference).status
    # Either order is a legal path (new->contacted->closed or new->closed, contacted refused).
    assert final == "closed" or (final == "contacted" and "refused" in outcomes)


def test_lookup_and_listing(store, make_request):
    a = make_request()
    b = make_request()
    store.set_status(b.reference, "contacted")
    assert store.get_by_reference(a.reference.replace("-", " ").lower()).id == a.id
    assert store.get_by_reference("not a code") is None
    assert [r.reference for r in store.list_requests()] == [a.reference, b.reference]
    assert [r.reference for r in store.list_requests(status="new")] == [a.reference]
    assert [r.reference for r in store.list_requests(status="contacted")] == [b.reference]
    assert store.count_requests() == 2
    with pytest.raises(ValueError):
        store.list_requests(status="bogus")


@pytest.mark.parametrize("override", [
    {"consent_contact": False},
    {"consent_contact": None},
    {"phone_e164": "410-230-0143"},
    {"location_id": "paris"},
    {"full_name": "  "},
    {"preferred_times_text": ""},
    {"channel": None},
])
def test_invalid_requests_are_refused_without_echoing_patient_data(store, make_request, override):
    with pytest.raises(InvalidRequest) as info:
        make_request(**override)
    assert not any(value in str(info.value) for value in PATIENT_DATA + ["410-230-0143", "paris"])
    assert _counts(store) == (0, 0)


def test_optional_fields_may_be_empty(store, make_request):
    request = make_request(email=None, insurance=None, quiz_snapshot=None, triage_snapshot=None, consent_sms=False)
    stored = store.get_by_reference(request.reference)
    assert stored.email is None and stored.insurance is None and stored.quiz_snapshot is None
    assert stored.consent_sms is False and stored.consent_contact is True


def test_json_snapshots_round_trip(store, make_request):
    triage = {"level": "urgent", "reasons": ["new_weakness"], "extra": "dropped"}
    request = make_request(triage_snapshot=triage,
                           preferred_times_hint={"periods": [{"start": "2026-12-01T15:00:00-05:00",
                                                              "end": "2026-12-01T17:00:00-05:00"}]})
    stored = store.get_by_reference(request.reference)
    assert stored.triage_snapshot == {"level": "urgent", "reasons": ["new_weakness"]}
    assert stored.preferred_times_hint["periods"][0]["start"] == "2026-12-01T15:00:00-05:00"
    assert store.outbox_for(request.reference).payload["requestedPeriod"] == stored.preferred_times_hint["periods"]


def test_store_migrates_an_empty_database_on_first_use(database_url):
    assert db.current_revision(database_url) is None
    store = BookingStore(database_url)
    try:
        assert store.list_requests() == []
        assert db.current_revision(database_url) == db.head_revision()
    finally:
        store.dispose()


def test_store_refuses_an_unmigrated_database_when_auto_migrate_is_off(database_url, monkeypatch):
    monkeypatch.setenv("BOOKING_AUTO_MIGRATE", "0")
    store = BookingStore(database_url)
    try:
        with pytest.raises(SchemaNotReady) as info:
            store.list_requests()
        assert "migrate" in str(info.value)
        password = make_url(database_url).password
        assert not password or password not in str(info.value)
        db.migrate(database_url)
        assert store.list_requests() == []
    finally:
        store.dispose()


def test_submit_request_service_uses_the_store_and_parses_times(store):
    from datetime import datetime

    from clinic_core.booking.service import submit_request

    fields = {k: v for k, v in PATIENT.items()}
    now = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)
    reference = submit_request(conversation_id="c-1", submission_id="s-1", store=store, now=now, **fields)
    again = submit_request(conversation_id="c-1", submission_id="s-1", store=store, now=now, **fields)
    assert reference == again
    request = store.get_by_reference(reference)
    assert request.preferred_times_hint["weekdays"] == ["tue"]
    assert request.preferred_times_hint["periods"][0] == {"start": "2026-11-24T15:00:00-05:00",
                                                          "end": "2026-11-24T17:00:00-05:00"}
    assert request.preferred_times_text == PATIENT["preferred_times_text"]
