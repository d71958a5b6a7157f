"""Red flags win in every state: first message, mid-quiz, mid-booking, after a result."""
from __future__ import annotations

from datetime import datetime, timezone

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
    before = clinic().same_day_advice(datetime.now(timezone.utc))  # the server's clock: open or closed
    replies = chat.say(URGENT)
    after = clinic().same_day_advice(datetime.now(timezone.utc))
    alert = alert_of(replies)
    assert alert["level"] == "urgent"
    assert before in texts(replies) or after in texts(replies)
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
    if level == "urgent":  # same-day advice waits until the screen is complete, then is given
        assert customs(replies, "triage_alert") == []
        while asked_item(replies) in ("screen_leg_weakness", "screen_fever", "screen_cancer_history"):
            replies = chat.say("no")
    assert alert_of(replies)["level"] == level


# ------------------------------------------------------------------------------ issue 9: beyond the spine


def test_chest_pain_mid_booking_ends_the_form_with_the_emergency_reply(chat):
    chat.say("I'd like to book an appointment")
    replies = chat.say("Jane Testperson")
    assert "phone" in texts(replies).lower()
    replies = chat.say("I have crushing chest pain going down my left arm")
    alert = alert_of(replies)
    assert alert == {"type": "triage_alert", "level": "emergency", "reasons": ["cardiac_chest_pain"]}
    assert replies[0]["text"].startswith(f"Please call {clinic().emergency_number} now")
    assert "heart attack" in texts(replies)
    assert not (chat.tracker().get("active_loop") or {}).get("name")
    assert customs(replies, "booking_confirmation") == [] and "phone" not in texts(replies).lower()


def test_a_crisis_mid_quiz_gives_the_988_reply_and_no_next_quiz_question(chat):
    chat.say("take the quiz")
    for answer in ("no", "44"):  # safety checklist, age: well into the quiz
        replies = chat.say(answer)
    pending = asked_item(replies)
    assert pending is not None
    replies = chat.say("I don't want to live anymore, the back pain is too much")
    alert = alert_of(replies)
    assert alert["level"] == "urgent" and alert["reasons"] == ["suicidal_thoughts"]
    said = texts(replies)
    assert clinic().crisis_line in said and "call or text" in said and clinic().emergency_number in said
    assert said.rstrip().endswith("Are you safe right now?")
    assert customs(replies, "quiz_question") == []  # no quiz question in that turn
    assert chat.slot("triage_level") == "urgent" and chat.slot("triage_reasons") == ["suicidal_thoughts"]
    # "No" to "are you safe?" is an emergency: 911 first, 988 too.
    replies = chat.say("no")
    assert alert_of(replies)["level"] == "emergency"
    assert replies[0]["text"].startswith(f"Please call {clinic().emergency_number} now")
    assert clinic().crisis_line in texts(replies) and customs(replies, "quiz_question") == []


def test_a_crisis_first_message_then_safe_keeps_the_conversation_open(chat):
    replies = chat.say("everyone would be better off without me")
    assert alert_of(replies)["reasons"] == ["suicidal_thoughts"]
    assert texts(replies).rstrip().endswith("Are you safe right now?")
    replies = chat.say("yes")
    assert customs(replies, "triage_alert") == [] and clinic().crisis_line in texts(replies)
    replies = chat.say("what is the SI joint?")  # the person can write again
    assert customs(replies, "triage_alert") == [] and texts(replies)


def test_a_screen_answered_weakness_yes_then_fever_yes_gives_one_emergency_alert(chat):
    replies = chat.say("take the quiz")
    assert asked_item(replies) == "screen_checklist"
    answers = {"screen_checklist": "yes", "screen_bladder_bowel": "no", "screen_saddle_numbness": "no",
               "screen_leg_weakness": "yes", "screen_leg_weakness_both": "no", "screen_fever": "yes"}
    alerts = []
    while asked_item(replies) in answers:
        item = asked_item(replies)
        replies = chat.say(answers[item])
        alerts += customs(replies, "triage_alert")
        if item == "screen_fever":
            break
    assert alerts == [{"type": "triage_alert", "level": "emergency", "reasons": alerts[0]["reasons"]}]
    assert alerts[0]["reasons"][0] == "fever_with_new_weakness"
    assert customs(replies, "quiz_question") == []
    assert not (chat.tracker().get("active_loop") or {}).get("name")
    assert {"fever", "new_leg_weakness"} <= set(chat.slot("risk_factors"))


def test_figures_of_speech_and_plain_back_pain_get_no_alert_and_no_safety_question(chat):
    for text in ("I could murder a pizza", "my heart goes out to them", "I nearly died laughing",
                 "I feel pain in my back"):
        replies = chat.say(text)
        assert customs(replies, "triage_alert") == [], text
        assert chat.slot("safety_check_answer") is not None, text  # no safety question pending
