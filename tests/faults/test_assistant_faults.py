"""Faults injected into a running assistant (real Rasa server, action server and SQLite files),
one per test, each named in the test's name and docstring."""
from __future__ import annotations

import os
import signal
import sqlite3
import time

import pytest

from clinic_core.booking import spool
from tests.faults.conftest import (LOCATION, NAME, action_server, fill_booking_until, kill_action_server,
                                   says_call_us, timed_say)
from tests.support.chat import customs, texts

pytestmark = pytest.mark.server


def test_fault_action_server_killed_mid_booking(faulty, chat, bookings):
    """Fault: SIGKILL to the action server while the patient fills in the form, and again just
    before they confirm. The patient hears at once how to call; after a restart the form goes on
    and the request is stored once."""
    before = bookings.count_requests()
    fill_booking_until(chat, 0)  # the name is given; the phone is asked
    kill_action_server(faulty)
    replies, seconds = timed_say(chat, "410-230-0187")
    assert says_call_us(replies) and seconds < 10, (texts(replies), seconds)
    faulty["start_actions"]()
    replies = chat.say("410-230-0187")
    assert "email" in texts(replies).lower(), texts(replies)
    for answer in ("skip", LOCATION.id, "Tuesday mornings", "skip", "yes", "no"):
        replies = chat.say(answer)
    assert "Please check your request" in texts(replies)

    kill_action_server(faulty)
    replies, seconds = timed_say(chat, "yes")
    assert says_call_us(replies) and seconds < 10
    assert bookings.count_requests() == before
    faulty["start_actions"]()
    replies = chat.say("yes")
    assert len(customs(replies, "booking_confirmation")) == 1, texts(replies)
    chat.say("yes")
    assert bookings.count_requests() == before + 1


def test_fault_action_server_stuck_while_storing_the_request(faulty, chat, bookings):
    """Fault: the action server hangs inside action_submit_booking (it waits on a locked booking
    database longer than Rasa waits for it). The patient is told to call or to say yes again; the
    stuck call finishes later, and saying yes stores nothing twice."""
    kill_action_server(faulty)
    faulty["start_actions"](BOOKING_DB_LOCK_TIMEOUT="30")
    before = bookings.count_requests()
    fill_booking_until(chat, 7)
    holder = _hold_lock(bookings.database_url.replace("sqlite:///", ""))
    try:
        replies, seconds = timed_say(chat, "yes")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert says_call_us(replies) and 'say "yes"' in texts(replies) and seconds < 10, texts(replies)
    replies = chat.say("yes")
    assert len(customs(replies, "booking_confirmation")) == 1, texts(replies)
    assert bookings.count_requests() == before + 1
    kill_action_server(faulty)  # the fixture starts one with the usual settings


def test_fault_action_server_hung(faulty, chat):
    """Fault: SIGSTOP to the action server (it accepts connections but never answers). Rasa gives
    up after a few seconds with the same message; once it runs again the form goes on."""
    fill_booking_until(chat, 0)
    proc = action_server(faulty)
    os.killpg(proc.pid, signal.SIGSTOP)
    try:
        replies, seconds = timed_say(chat, "410-230-0187")
        assert says_call_us(replies) and seconds < 10, (texts(replies), seconds)
    finally:
        os.killpg(proc.pid, signal.SIGCONT)
    replies = chat.say("410-230-0187")
    assert "email" in texts(replies).lower(), texts(replies)


def _hold_lock(path):
    connection = sqlite3.connect(path, isolation_level=None, timeout=1)
    connection.execute("BEGIN EXCLUSIVE")
    return connection


@pytest.mark.parametrize("fault", ["locked", "gone"])
def test_fault_booking_database_locked_or_gone(faulty, chat, bookings, fault):
    """Fault: the booking database is locked by another writer, or gone (its file replaced by a
    folder). The patient is told to call, the request waits in the spool, nothing half-written;
    once the database is back the worker's replay stores it once."""
    database = bookings.database_url.replace("sqlite:///", "")
    before = bookings.count_requests()
    fill_booking_until(chat, 7)
    if fault == "locked":
        holder = _hold_lock(database)
    else:
        os.rename(database, database + ".away")
        os.mkdir(database)
    try:
        replies, seconds = timed_say(chat, "yes")
    finally:
        if fault == "locked":
            holder.execute("ROLLBACK")
            holder.close()
        else:
            os.rmdir(database)
            os.rename(database + ".away", database)
    assert says_call_us(replies) and "kept your answers" in texts(replies) and seconds < 10, texts(replies)
    assert bookings.count_requests() == before and len(bookings.list_outbox()) == before
    kept = spool.kept(faulty["spool_dir"])
    assert len(kept) == 1
    assert spool.replay(bookings, faulty["spool_dir"]) == 1
    assert bookings.count_requests() == before + 1 and len(bookings.list_outbox()) == before + 1
    assert spool.kept(faulty["spool_dir"]) == []


def test_fault_conversation_store_unavailable_mid_form(faulty, chat):
    """Fault: the conversation store (SQLite) is locked by another process mid-form. The patient
    gets a clear error, never a fresh conversation; after the lock goes the form goes on."""
    fill_booking_until(chat, 0)
    holder = _hold_lock(faulty["tracker_db"])
    try:
        replies, seconds = timed_say(chat, "410-230-0187")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "problem on our side" in texts(replies) and says_call_us(replies), texts(replies)
    assert "What is your full name" not in texts(replies) and "Hi" not in texts(replies)[:3]
    tracker = chat.tracker()
    assert (tracker.get("active_loop") or {}).get("name") == "booking_form"
    assert tracker["slots"]["booking_full_name"] == NAME
    replies = chat.say("410-230-0187")
    assert "email" in texts(replies).lower(), texts(replies)
