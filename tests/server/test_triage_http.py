"""Red flags win in every state: first message, mid-quiz, mid-booking, after a result."""
from __future__ import annotations

import pytest

from clinic_core.clinic import clinic
from tests.support.chat import asked_item, customs, texts

pytestmark = pytest.mark.server

EMERGENCY = "I can't feel anything down there when I wipe and I wet myself today"
URGENT = "I had a fever since yesterday with this back pain"


def alert_of(replies):
    alerts = customs(replies, "triage_alert")
    assert alerts, f"no triage alert in {texts(replies)!r}"
    return alerts[0]


def test_emergency_as_first_message_comes_first_and_marks_the_conversation(chat):
    replies = chat.say(EMERGENCY)
    alert = alert_of(replies)
    assert alert["level"] == "emergency" and alert["reasons"]
    # The REST channel sends the alert's text and its payload as two messages: text first.
    assert clinic().emergency_number in replies[0]["text"], "the alert is the first thing said"
    assert "book" not in texts(replies).lower()  # no booking offered instead
    assert chat.slot("triage_level") == "emergency"
    assert chat.slot("triage_reasons") == sorted(alert["reasons"])


def test_emergency_mid_quiz_stops_the_quiz(chat):
    chat.say("take the quiz")
    for answer in ("no", "44", "no"):  # safety checklist, age, pregnancy: well into the quiz
        replies = chat.say(answer)
    assert asked_item(replies) is not None
    replies = chat.say("both my legs have gone weak and numb since this morning")
    assert alert_of(replies)["level"] == "emergency"
    assert customs(replies, "quiz_question") == [] and customs(replies, "quiz_result") == []
    assert not (chat.tracker().get("active_loop") or {}).get("name")


def test_urgent_mid_quiz_gives_same_day_advice_and_the_quiz_goes_on(chat):
    chat.say("take the quiz")
    for answer in ("no", "44", "no"):  # safety checklist, age, pregnancy: well into the quiz
        replies = chat.say(answer)
    pending = asked_item(replies)
    replies = chat.say(URGENT)
    alert = alert_of(replies)
    assert alert["level"] == "urgent"
    assert clinic().phone in texts(replies)
    assert asked_item(replies) == pending  # the same question again, nothing lost


def test_quiz_screen_yes_to_bladder_question_is_an_emergency(chat):
    replies = chat.say("take the quiz")
    assert asked_item(replies) == "screen_checklist"  # one question for the five signs
    replies = chat.say("yes")  # "yes, one or more": the five, one by one
    assert customs(replies, "triage_alert") == []
    assert asked_item(replies) == "screen_bladder_bowel"
    replies = chat.say("yes")
    assert alert_of(replies)["level"] == "emergency"
    assert customs(replies, "quiz_question") == []


def test_ambiguous_mention_gets_one_safety_question(chat):
    replies = chat.say("my bum goes numb")
    assert customs(replies, "triage_alert") == []
    assert "?" in texts(replies)
    replies = chat.say("yes")
    assert alert_of(replies)["level"] in ("emergency", "urgent")


def test_near_misses_do_not_alarm(chat):
    for text in ("no bladder problems at all", "I fell a year ago but it's fine now", "cancer runs in my family"):
        assert customs(chat.say(text), "triage_alert") == [], text


def test_emergency_mid_booking_wins_over_the_form(chat):
    chat.say("I'd like to book an appointment")
    replies = chat.say("Jane Testperson")
    assert "phone" in texts(replies).lower()
    replies = chat.say("I suddenly can't move my legs")
    assert alert_of(replies)["level"] == "emergency"
    assert not (chat.tracker().get("active_loop") or {}).get("name")
    assert customs(replies, "booking_confirmation") == []


def test_an_emergency_revealed_by_an_earlier_answer_ends_the_quiz(chat):
    """A cancer history (quiz screen) and then new leg weakness: an emergency, the quiz stops."""
    chat.say("take the quiz")
    replies = chat.say("yes")  # to the safety checklist
    while asked_item(replies) != "screen_cancer_history":
        assert asked_item(replies).startswith("screen_")
        replies = chat.say("no")
    chat.say("yes")
    replies = chat.say("my left leg keeps giving way")
    assert alert_of(replies)["level"] == "emergency"
    assert customs(replies, "quiz_question") == []
    assert not (chat.tracker().get("active_loop") or {}).get("name")


@pytest.mark.parametrize("answer, level", [("a little", "emergency"), ("not sure", "urgent")])
def test_partial_or_unsure_answers_to_a_safety_screen_are_not_dropped(chat, answer, level):
    replies = chat.say("take the quiz")
    assert asked_item(replies) == "screen_checklist"
    replies = chat.say("not sure")  # the five, one by one, as after a "yes"
    assert asked_item(replies) == "screen_bladder_bowel"
    replies = chat.say("no")
    assert asked_item(replies) == "screen_saddle_numbness"
    replies = chat.say(answer)
    assert alert_of(replies)["level"] == level
