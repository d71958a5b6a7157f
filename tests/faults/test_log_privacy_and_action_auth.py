"""The planted patient goes through every failure path that used to reach the logs; the faulty
fixture then searches every log of both servers. And the action server refuses anyone but the
Rasa server: an unsigned call, a forged booking, an oversized or compressed-bomb body."""
from __future__ import annotations

import json
import os
import sqlite3
import stat
import urllib.error
import urllib.request
import zlib

import pytest

from tests.faults.conftest import LOCATION, NAME, PHONE, SYMPTOM, leaked, says_call_us, timed_say
from tests.support.chat import texts

pytestmark = pytest.mark.server

FORGED_SLOTS = {
    "booking_full_name": NAME, "booking_phone": "+14102300187", "booking_email": "none",
    "booking_location": LOCATION.id, "booking_times": f"any time, {SYMPTOM}", "booking_insurance": "none",
    "booking_consent_contact": True, "booking_consent_sms": False, "booking_confirmed": True,
    "booking_submission_id": "f" * 32, "requested_slot": None,
}


def call_action_server(assistant, body: bytes, token=None, headers=None):
    request = urllib.request.Request(f"{assistant['actions_url']}/webhook", data=body, method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def action_call(slots, sender="+14102300187"):
    tracker = {"sender_id": sender, "slots": slots, "latest_message": {"text": f"I am {NAME}"},
               "events": [{"event": "user", "text": f"{NAME} {SYMPTOM}"}], "paused": False,
               "followup_action": None, "active_loop": {}, "latest_action_name": "booking_form"}
    return json.dumps({"next_action": "action_submit_booking", "sender_id": sender, "tracker": tracker,
                       "domain": {}, "version": "3.6.21"}).encode()


def test_fault_message_that_starts_with_a_slash_is_not_echoed_in_a_warning(faulty, chat):
    """Fault path: Rasa warns about an unknown intent and quotes the whole message."""
    chat.say(f"/ my name is {NAME} and I have a {SYMPTOM}")
    chat.say(f'/inform{{"name": "{NAME}", "phone": "{PHONE}"}}')


def test_fault_conversation_store_fails_while_saving_patient_text(faulty, chat):
    """Fault path: the SQL error of a failed save carries the event rows (the patient's words)."""
    chat.say("hello")
    holder = sqlite3.connect(faulty["tracker_db"], isolation_level=None, timeout=1)
    holder.execute("BEGIN IMMEDIATE")  # others may read, nobody may write
    try:
        replies, _ = timed_say(chat, f"my name is {NAME}, call me on {PHONE}, I have a {SYMPTOM}")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "problem on our side" in texts(replies) and says_call_us(replies), texts(replies)


def test_fault_custom_action_raises(faulty):
    """Fault path: an action raises on a tracker it cannot read; the SDK used to send the whole
    tracker back in its 500 and log it."""
    status, body = call_action_server(faulty, action_call(slots=None), token=faulty["env"]["ACTION_SERVER_TOKEN"])
    assert status == 500 and json.loads(body) == {"error": "the action failed", "action_name": "action_submit_booking"}
    assert leaked(body) == []


def test_unsigned_call_is_refused_and_a_forged_booking_is_not_stored(faulty, bookings):
    before = bookings.count_requests()
    for token in (None, "not-the-token-but-long-enough"):
        status, body = call_action_server(faulty, action_call(FORGED_SLOTS), token=token)
        assert status == 401 and json.loads(body) == {"error": "unauthorized"}
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{faulty['actions_url']}/actions", timeout=10)
    assert refused.value.code == 401
    assert bookings.count_requests() == before


def test_signed_call_with_a_field_the_form_would_refuse_stores_nothing(faulty, bookings):
    before = bookings.count_requests()
    token = faulty["env"]["ACTION_SERVER_TOKEN"]
    status, body = call_action_server(faulty, action_call({**FORGED_SLOTS, "booking_phone": "+1 555"}), token=token)
    assert status == 200 and "booking_reference" not in body
    assert bookings.count_requests() == before


def test_oversized_and_compressed_bomb_bodies_are_refused(faulty):
    token = faulty["env"]["ACTION_SERVER_TOKEN"]
    bomb = zlib.compress(b'{"next_action": "' + b"x" * (64 * 1024 * 1024) + b'"}')
    assert len(bomb) < 1024 * 1024
    status, _ = call_action_server(faulty, bomb, token=token, headers={"Content-Encoding": "deflate"})
    assert status == 413
    try:  # Sanic answers 413 from the Content-Length and may close the socket while we still send
        status, _ = call_action_server(faulty, b"{" + b" " * (9 * 1024 * 1024) + b"}", token=token)
    except (urllib.error.URLError, ConnectionError):
        status = 413
    assert status == 413
    with urllib.request.urlopen(f"{faulty['actions_url']}/health", timeout=10) as response:
        assert response.status == 200  # still serving


def test_files_the_servers_create_are_private(faulty, chat):
    """Rasa creates the conversation database, the action server the booking database: both
    run with umask 077, so nobody else on the machine can read them."""
    chat.say("hello")
    booking_db = faulty["booking_db_url"].replace("sqlite:///", "")
    # The conversation database is in write-ahead-log mode (scripts/rasa_speedups.py): its log
    # holds the latest turns' text until they are copied into the file.
    tracker_log = f"{faulty['tracker_db']}-wal"
    assert os.path.exists(tracker_log)
    for path in (faulty["tracker_db"], tracker_log, f"{faulty['tracker_db']}-shm", booking_db):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
