"""Fault tests share the session's real assistant (tests/conftest.py) and repair what they break.

Every conversation here carries the planted patient below; after each test every log the
servers wrote is searched for it."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from typing import List

import pytest

from clinic_core.booking.store import BookingStore
from clinic_core.clinic import clinic
from tests.support.chat import texts

# A planted patient: unique strings that must never reach a log (410-230 numbers validate, nobody real).
NAME = "Quillon Vexworth"
PHONE = "410-230-0187"
SYMPTOM = "throbbing zigzag ache"
PLANTED = [NAME, "Quillon", "Vexworth", "230-0187", "2300187", SYMPTOM, "zigzag"]
LOCATION = clinic().locations[0]


def action_server(assistant) -> subprocess.Popen:
    """The action server running now (procs[1] is the Rasa server; later ones are restarts)."""
    return [proc for index, proc in enumerate(assistant["procs"]) if index != 1][-1]


def kill_action_server(assistant) -> None:
    proc = action_server(assistant)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def all_logs(assistant) -> str:
    return "".join(path.read_text(errors="replace") for path in assistant["log_dir"].glob("*.log"))


def leaked(text: str) -> List[str]:
    return [secret for secret in PLANTED if secret in text]


@pytest.fixture
def faulty(assistant):
    """The assistant; afterwards the action server runs again and no log holds the planted patient."""
    yield assistant
    proc = action_server(assistant)
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGCONT)
    else:
        assistant["start_actions"]()
    assert leaked(all_logs(assistant)) == []


@pytest.fixture
def bookings(assistant):
    store = BookingStore(assistant["booking_db_url"])
    store.ensure_schema()
    yield store
    store.dispose()


def timed_say(chat, text):
    start = time.monotonic()
    replies = chat.say(text)
    return replies, time.monotonic() - start


def fill_booking_until(chat, last_answer_index: int):
    """Answers of the booking form in order; stop after answer number ``last_answer_index``."""
    answers = [NAME, PHONE, "skip", LOCATION.id, "Tuesday mornings", "skip", "yes", "no"]
    chat.say("I want to book an appointment")
    replies = []
    for answer in answers[: last_answer_index + 1]:
        replies = chat.say(answer)
    return replies


def says_call_us(replies) -> bool:
    return clinic().phone in texts(replies)
