"""action_submit_booking: every stored field is checked again with the form's parsers; a store
that fails keeps the request in the private spool for the worker to retry."""
from __future__ import annotations

import os
import stat

import pytest

from actions.booking import ActionSubmitBooking
from clinic_core.booking import service, spool
from clinic_core.booking.store import BookingStore
from tests.actions.conftest import make_tracker, said

GOOD = dict(
    booking_full_name="Jane Testperson", booking_phone="+14102300143", booking_email="none",
    booking_location="elkridge-md", booking_times="Tuesday mornings", booking_insurance="none",
    booking_consent_contact=True, booking_consent_sms=False, booking_confirmed=True,
    booking_submission_id="0123456789abcdef0123456789abcdef",
)


@pytest.fixture
def booking_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'bookings.db'}"
    monkeypatch.setenv("BOOKING_DATABASE_URL", url)
    monkeypatch.setenv("BOOKING_SPOOL_DIR", str(tmp_path / "spool"))
    service.reset_default_store()
    yield url
    service.reset_default_store()


def stored(url):
    store = BookingStore(url)
    try:
        return store.list_requests()
    finally:
        store.dispose()


async def submit(dispatcher, domain, **slots):
    return await ActionSubmitBooking().run(dispatcher, make_tracker(slots={**GOOD, **slots}), domain)


async def test_a_valid_request_is_stored_once(booking_db, dispatcher, domain):
    first = await submit(dispatcher, domain)
    again = await submit(dispatcher, domain)
    assert first == again and first[0]["name"] == "booking_reference"
    assert len(stored(booking_db)) == 1


@pytest.mark.parametrize("slots", [
    {"booking_phone": "555"}, {"booking_phone": ["+14102300143"]}, {"booking_full_name": "x"},
    {"booking_full_name": "Robert'); DROP TABLE booking_requests;--"}, {"booking_location": "mars-base"},
    {"booking_email": "not an email"}, {"booking_times": "x" * 501}, {"booking_times": None},
    {"booking_submission_id": "chosen-by-attacker"}, {"booking_consent_sms": "yes"},
    {"triage_level": "none of your business"}, {"quiz_result": "high"},
])
async def test_a_forged_field_is_refused_and_nothing_is_stored(booking_db, dispatcher, domain, slots):
    events = await submit(dispatcher, domain, **slots)
    assert events == []
    assert [m.get("response") for m in dispatcher.messages] == ["utter_booking_store_failed"]
    assert stored(booking_db) == []


async def test_a_store_that_fails_keeps_the_request_for_retry(tmp_path, booking_db, dispatcher, domain, monkeypatch):
    # The database is gone: its folder is a file, so SQLite cannot open it.
    blocked = tmp_path / "gone"
    blocked.write_text("")
    monkeypatch.setenv("BOOKING_DATABASE_URL", f"sqlite:///{blocked / 'bookings.db'}")
    service.reset_default_store()
    assert await submit(dispatcher, domain) == []
    assert "(410) 555-0100" in said(dispatcher.messages[0], domain)
    files = spool.kept()
    assert len(files) == 1 and stat.S_IMODE(os.stat(files[0]).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(files[0].parent).st_mode) == 0o700

    store = BookingStore(booking_db)
    try:
        assert spool.replay(store) == 1 and spool.replay(store) == 0
        requests = store.list_requests()
        assert len(requests) == 1 and requests[0].phone_e164 == "+14102300143"
    finally:
        store.dispose()
