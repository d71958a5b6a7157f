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
