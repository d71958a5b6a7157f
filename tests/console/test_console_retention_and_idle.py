"""Console servers with their own settings or data: idle sign-out, and the retention purge (run
on copies of the conversations' databases, with one conversation aged by 400 days)."""
from __future__ import annotations

import contextlib
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest

from clinic_core.booking.models import utcnow
from clinic_core.booking.store import BookingStore
from clinic_core.clinic import clinic
from console.review import ReviewStore
from console.tracker import copy_sqlite_database
from tests.console.conftest import csrf_of, console_env, console_server, run_cli, sign_in

pytestmark = pytest.mark.server
AGE = 400 * 86400


def test_an_idle_session_is_signed_out(console_data, tmp_path):
    env = console_env(console_data["tracker_db"], console_data["booking_db_url"], CONSOLE_IDLE_MINUTES="0.05")
    with console_server(env, tmp_path / "console.log") as url:
        base = f"{url}/staff"
        session = sign_in(base, "dave")
        assert session.get(f"{base}/conversations", allow_redirects=False).status_code == 200
        time.sleep(4)  # idle for longer than 3 seconds
        response = session.get(f"{base}/conversations", allow_redirects=False)
        assert response.status_code == 303 and "notice=expired" in response.headers["location"]
        assert "signed out because the session ended" in session.get(url + response.headers["location"]).text


@pytest.fixture
def aged_copy(console_data, tmp_path):
    """Copies of both databases in which one conversation (and its booking) is 400 days old."""
    tracker, bookings = tmp_path / "conversations.db", tmp_path / "bookings.db"
    copy_sqlite_database(console_data["tracker_db"], tracker)
    copy_sqlite_database(Path(console_data["booking_db_url"].replace("sqlite:///", "")), bookings)
    source = console_data["conversations"]["emergency"].sender
    with sqlite3.connect(tracker) as connection:
        connection.execute("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                           "SELECT 'aged-patient', type_name, timestamp - ?, intent_name, action_name, data "
                           "FROM events WHERE sender_id = ? ORDER BY id", (AGE, source))
    store = BookingStore(f"sqlite:///{bookings}")
    old = store.create_request(conversation_id="aged-patient", submission_id="aged", full_name="Old Testperson",
                               phone_e164="+14102300143", location_id=clinic().locations[0].id,
                               preferred_times_text="mornings", consent_contact=True, channel="rest",
                               now=utcnow() - timedelta(seconds=AGE))
    ReviewStore(store.engine).add_note("called, no answer", "alice", conversation_id="aged-patient",
                                       booking_reference=old.reference)
    ReviewStore(store.engine).set_reviewed("aged-patient", "alice")
    # Closed by staff: the purge keeps a request that is still open or undelivered, whatever its age.
    store.set_status(old.reference, "closed", now=utcnow() - timedelta(seconds=AGE - 86400))
    kept = store.create_request(conversation_id="aged-patient-open", submission_id="aged-open", full_name="Open Testperson",
                                phone_e164="+14102300144", location_id=clinic().locations[0].id,
                                preferred_times_text="evenings", consent_contact=True, channel="rest",
                                now=utcnow() - timedelta(seconds=AGE))
    store.dispose()
    return tracker, f"sqlite:///{bookings}", old.reference, kept.reference


@contextlib.contextmanager
def signed_in_admin(tracker, bookings, tmp_path):
    """A console server over these databases and an admin signed in: (base URL, session, env)."""
    env = console_env(tracker, bookings)
    assert run_cli(env, "create-user", "root", "--role", "admin", "--password-stdin",
                   stdin="retention admin password\n").returncode == 0
    with console_server(env, tmp_path / "console.log") as url:
        yield f"{url}/staff", sign_in(f"{url}/staff", "root", "retention admin password"), env


def test_retention_deletes_old_conversations_and_their_review_rows_and_keeps_the_audit(aged_copy, tmp_path):
    tracker, bookings, old_reference, open_reference = aged_copy
    with signed_in_admin(tracker, bookings, tmp_path) as (base, admin, _):
        assert admin.get(f"{base}/conversation", params={"id": "aged-patient"}).status_code == 200
        page = admin.get(f"{base}/admin/retention")
        wrong = admin.post(f"{base}/admin/retention",
                           data={"csrf_token": csrf_of(page.text), "days": "365", "confirm": "yes"})
        assert wrong.status_code == 400  # not confirmed: nothing deleted
        done = admin.post(f"{base}/admin/retention",
                          data={"csrf_token": csrf_of(page.text), "days": "365", "confirm": "DELETE"})
        assert done.status_code == 200 and "Deleted data older than 365 days" in done.text
        assert admin.get(f"{base}/conversation", params={"id": "aged-patient"}).status_code == 404
        assert admin.get(f"{base}/bookings/{old_reference}").status_code == 404
        assert admin.get(f"{base}/bookings/{open_reference}").status_code == 200  # still open: kept
        listed = admin.get(f"{base}/conversations").text
        assert "aged-patient" not in listed and "I can&#39;t feel anything" in listed  # recent ones stay
        audit = admin.get(f"{base}/admin/audit").text
        assert "deleted data older than the retention period" in audit and "opened a transcript" in audit
    review = ReviewStore(BookingStore(bookings).engine)
    assert review.notes_for(conversation_id="aged-patient", references=[old_reference]) == []
    assert "aged-patient" not in review.reviewed()
