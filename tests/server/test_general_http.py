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


def test_unclear_messages_end_with_the_clinic_phone(chat):
    """Two-stage fallback: ask to rephrase once, then give up honestly with the clinic's phone."""
    first, second = (texts(chat.say(text)) for text in ("flurble wurble gronk", "zxqv plonk"))
    assert "another way" in first and clinic().phone not in first
    assert clinic().phone in second


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
