"""Conversations driven through the real Rasa server, for the staff console's tests.

Each scenario talks to the assistant over the REST channel like a patient would and returns what
the console should show for it. Every patient here is synthetic."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional

from clinic_core.clinic import clinic
from tests.support.chat import Chat, answer_quiz, customs

EMERGENCY = "I can't feel anything down there when I wipe and I wet myself today"
URGENT = "I had a fever since yesterday with this back pain"
SCRIPT_TAG = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> my back hurts"
CONTACT_TEXT = "hi, you can reach me on 410-555-0199 or at zed.contact@example.com"
UNANSWERED = "is there parking at the office?"
BOOKING_PHONE = "410-555-0123"
BOOKING_EMAIL = "jane.testperson@example.com"
FORMULA = "=HYPERLINK(\"http://example.com/x\",\"my back\")"


@dataclass
class Conversation:
    name: str
    sender: str
    facts: Dict[str, object] = field(default_factory=dict)


def _quiz_answer(item: str) -> str:
    numbers = {"age": "44", "duration_months": "7", "conservative_care_months": "6"}
    if item in numbers:
        return numbers[item]
    if item.startswith("screen_"):
        return "no"
    return "yes" if item in {"pain_sitting", "one_finger_psis", "unilateral_pain", "buttock_pain"} else "no"


def quiz_then_booking(url: str) -> Conversation:
    chat = Chat(url)
    result, _, _ = answer_quiz(chat, chat.say("I want to take the pain quiz"), _quiz_answer)
    chat.say("I want to book an appointment")
    location = clinic().locations[0]
    for answer in ("Jane Testperson", BOOKING_PHONE, BOOKING_EMAIL, location.id, "Tuesday mornings",
                   "Blue Cross", "yes", "no"):
        chat.say(answer)
    confirmation = customs(chat.say("yes"), "booking_confirmation")
    assert confirmation, "the booking was not confirmed"
    return Conversation("quiz_booking", chat.sender, {
        "route": result["route"], "band": result["band"], "reference": confirmation[0]["reference"]})


def emergency(url: str) -> Conversation:
    chat = Chat(url)
    alerts = customs(chat.say(EMERGENCY), "triage_alert")
    assert alerts and alerts[0]["level"] == "emergency"
    return Conversation("emergency", chat.sender, {"level": "emergency", "text": EMERGENCY})


def urgent_mid_quiz(url: str) -> Conversation:
    chat = Chat(url)
    chat.say("take the quiz")
    chat.say("no")
    alerts = customs(chat.say(URGENT), "triage_alert")
    assert alerts and alerts[0]["level"] == "urgent"
    return Conversation("urgent", chat.sender, {"level": "urgent", "text": URGENT})


def faq_and_unanswered(url: str) -> Conversation:
    chat = Chat(url)
    chat.say("what is the SI joint?")
    chat.say(UNANSWERED)
    return Conversation("faq", chat.sender, {"unanswered": UNANSWERED})


def markup(url: str) -> Conversation:
    chat = Chat(url)
    chat.say(SCRIPT_TAG)
    chat.say("flurble wurble gronk")  # mid-quiz: "Sorry, I didn't catch that"
    return Conversation("markup", chat.sender, {"text": SCRIPT_TAG})


def fallback(url: str) -> Conversation:
    chat = Chat(url)
    chat.say("flurble wurble gronk")  # Rasa's two-stage fallback: "did you mean...?", then the phone number
    chat.say("zxqv plonk")
    return Conversation("fallback", chat.sender)


def spreadsheet_formula(url: str) -> Conversation:
    chat = Chat(url)
    chat.say(FORMULA)
    return Conversation("formula", chat.sender, {"text": FORMULA})


def quiz_unsure(url: str) -> Conversation:
    chat = Chat(url)
    numbers = {"age": "61", "duration_months": "3", "conservative_care_months": "1"}
    result, _, _ = answer_quiz(chat, chat.say("start the quiz"),
                               lambda item: numbers.get(item, "no" if item.startswith("screen_") else "not sure"))
    return Conversation("quiz_unsure", chat.sender, {"route": result["route"], "band": result["band"]})


def contact_details(url: str) -> Conversation:
    chat = Chat(url)
    chat.say(CONTACT_TEXT)
    return Conversation("contact", chat.sender, {"text": CONTACT_TEXT})


SCENARIOS = (quiz_then_booking, emergency, urgent_mid_quiz, faq_and_unanswered, markup, fallback,
             contact_details, spreadsheet_formula, quiz_unsure)


def drive_all(url: str) -> Dict[str, Conversation]:
    conversations: List[Conversation] = [scenario(url) for scenario in SCENARIOS]
    return {c.name: c for c in conversations}


def by_sender(conversations: Dict[str, Conversation], sender: str) -> Optional[Conversation]:
    return next((c for c in conversations.values() if c.sender == sender), None)
