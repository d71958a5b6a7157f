"""FAQ answers over HTTP: known topics, medicine questions and questions it cannot answer."""
from __future__ import annotations

import pytest

from clinic_core.clinic import clinic
from tests.support.chat import texts

pytestmark = pytest.mark.server


@pytest.mark.parametrize(
    "question, expected",
    [
        ("what is the SI joint?", "pelvis"),
        ("how many injections can I get in a year", "3"),
        ("how long does the fusion surgery take", "hour"),
        ("would people have the fusion again?", "82%"),
        ("how soon can I be seen?", "two weeks"),
    ],
)
def test_known_questions_get_the_seed_answer(chat, question, expected):
    assert expected in texts(chat.say(question))


def test_medicine_questions_are_deferred_to_the_clinician(chat):
    reply = texts(chat.say("should I stop my blood thinner before the injection?"))
    assert "doctor" in reply and clinic().phone in reply


def test_unknown_question_is_honest_and_recorded_for_staff(chat):
    question = "is there parking at the office?"
    reply = texts(chat.say(question))
    assert clinic().phone in reply
    events = chat.tracker()["events"]
    recorded = [e for e in events if e.get("event") == "slot" and e.get("name") == "unanswered_question"]
    assert recorded and recorded[-1]["value"] == question


@pytest.mark.parametrize("question, topic", [
    ("do you take Medicare?", "medicare"),
    ("is medicaid ok at your offices", "medicaid"),
    ("I hurt my back on the job, is workers comp accepted?", "workers_comp"),
    ("can I come as a personal injury patient", "personal_injury"),
    ("what if I don't have insurance", "self_pay"),
    ("is it covered by insurance?", "coverage"),
])
def test_insurance_and_payment_questions_get_the_clinic_answer(chat, question, topic):
    reply = texts(chat.say(question))
    assert clinic().payment[topic] in reply
    assert "medicines or doses" not in reply


@pytest.mark.parametrize("question", [
    "should I stop taking my warfarin before the shot?",
    "how much tylenol can I take a day",
    "should I increase my dose before the procedure",
])
def test_medicine_questions_are_still_deferred(chat, question):
    assert "medicines or doses" in texts(chat.say(question))
