"""The first conversation and bad input, against a real Rasa server and action server."""
from __future__ import annotations

import pytest

from clinic_core.clinic import clinic
from tests.support.chat import customs, texts

pytestmark = pytest.mark.server


def test_greeting_says_what_it_does_and_what_it_is_not(chat):
    reply = texts(chat.say("hello"))
    assert "quiz" in reply and "appointment" in reply
    assert "diagnos" in reply
    assert clinic().emergency_number in reply and "emergenc" in reply.lower()


def test_bot_challenge_and_goodbye_give_the_clinic_phone(chat):
    assert "automated" in texts(chat.say("are you a bot?"))
    assert clinic().phone in texts(chat.say("bye"))


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "back pain " * 500,  # 5,000 characters: the longest message the channels take
        "😭😭😭 🔥🔥",
        "<script>alert('x')</script><b>hello</b>",
        "¿Dónde está la clínica? Me duele la espalda.",
    ],
    ids=["empty", "blank", "5000-chars", "emoji", "html", "spanish"],
)
def test_bad_input_gets_a_sensible_reply(chat, message):
    replies = chat.say(message)
    assert replies, "every message gets an answer"
    reply = texts(replies)
    assert reply.strip()
    assert "<script>" not in reply


def responses(chat):
    """The response names the assistant sent for the latest message (from the tracker)."""
    events = chat.tracker()["events"]
    last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
    return [(e.get("metadata") or {}).get("utter_action") for e in events[last_user:] if e["event"] == "bot"]


def test_unclear_messages_end_with_the_clinic_phone(chat):
    """Two-stage fallback: ask to rephrase once, then give up honestly with the clinic's phone."""
    first, second = (texts(chat.say(text)) for text in ("flurble wurble gronk", "zxqv plonk"))
    assert "another way" in first and clinic().phone not in first
    assert clinic().phone in second
    assert chat.slot("unanswered_question") == "flurble wurble gronk"


def test_the_first_misunderstanding_never_gets_the_second_stage(chat):
    chat.say("hello")
    for understood in ("what is the SI joint?", "thanks"):
        assert clinic().phone not in texts(chat.say("flurble wurble gronk"))
        chat.say(understood)  # an understood turn starts the count again


@pytest.mark.parametrize("reply", ["yes", "ok", "sure", "the first one"])
def test_yes_to_the_greeting_starts_the_quiz(chat, reply):
    chat.say("hello")
    replies = chat.say(reply)
    assert customs(replies, "quiz_question"), texts(replies)
    assert chat.tracker()["active_loop"]["name"] == "pain_quiz_form"


@pytest.mark.parametrize("lead_in, reply, expected", [
    (["hello"], "no thanks", "utter_offer_declined"),
    (["hello"], "not now", "utter_offer_declined"),
    (["hello"], "not sure", "utter_quiz_explained"),
    (["take the quiz", "stop"], "ok", "utter_quiz_paused"),
    (["take the quiz", "stop"], "maybe later", "utter_offer_declined"),
    (["what is the SI joint?"], "no", "utter_answer_not_helpful"),
    (["what is the SI joint?"], "ok", "utter_anything_else"),
    (["book an appointment", "cancel"], "no thanks", "utter_goodbye"),
])
def test_short_replies_out_of_turn_are_read_in_context(chat, lead_in, reply, expected):
    for text in lead_in:
        chat.say(text)
    replies = chat.say(reply)
    assert responses(chat) == [expected], texts(replies)


def test_after_a_quiz_result_yes_asks_which_and_no_closes_politely(chat):
    from tests.support.chat import answer_quiz

    replies = chat.say("take the quiz")
    answer_quiz(chat, replies, lambda item: "40" if "age" in item or "months" in item else "no")
    replies = chat.say("yes")
    assert [b["payload"] for m in replies for b in m.get("buttons") or []] == ["/request_appointment", "/help"]
    replies = chat.say("no thanks")  # to "which would you like?": still the result's offer
    assert responses(chat) == ["utter_result_declined"] and clinic().phone in texts(replies)


def test_restart_forgets_the_conversation(chat):
    chat.say("take the quiz")
    chat.say("no")
    assert chat.slot("quiz_asked")
    replies = chat.say("/restart")
    assert replies and texts(replies).strip()
    assert not chat.slot("quiz_asked")
    assert not (chat.tracker().get("active_loop") or {}).get("name")


def test_patient_text_and_contact_details_never_reach_the_logs(chat, assistant):
    marker = "Zebediah Quibbleworth"
    chat.say("it hurts when I sit, only on the left")
    chat.say("book an appointment")
    chat.say(marker)
    chat.say("410-555-0166")
    chat.say("zebediah@example.com")
    logs = "".join((assistant["log_dir"] / name).read_text(errors="replace") for name in ("rasa.log", "actions.log"))
    assert logs, "the servers write logs"
    for secret in (marker, "Zebediah", "555-0166", "5550166", "zebediah@example.com", "hurts when I sit"):
        assert secret not in logs
