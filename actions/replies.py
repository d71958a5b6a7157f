"""Short replies out of turn, read in the context of what the assistant asked last.

"yes", "no", "ok", "thanks", "no thanks", "not now", "maybe later" mean different things after
the greeting's offer, a quiz result, a stopped quiz, a sent request or an FAQ answer. What the
assistant asked last is read from the tracker (actions/turn.py: assistant_turns), never from a
global rule: "yes" to the greeting's offer starts the quiz, "no" to a quiz result closes
politely and says what else is possible. A typed pick of a button ("the first one", "2",
"quiz") counts as pressing it. The words of every reply are domain responses (domain/core.yml).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, UserUttered, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from clinic_core.language.answers import ACKNOWLEDGE, DECLINE, NO, SKIP, THANKS, UNSURE, YES, reply_kind
from clinic_core.vocabulary import BOOKING_CONFIRMATION, TRIAGE_ALERT

from actions.turn import ANSWER_INTENTS, AssistantTurn, Turn, answer_of, last_question

DID_YOU_MEAN = "utter_did_you_mean"
START_QUIZ = "/start_quiz"

# What the assistant said last -> the context a short reply is read in (first match wins).
_CONTEXT_RESPONSES = (
    ("request_closed", {"utter_booking_cancelled", "utter_booking_needs_consent", "utter_booking_store_failed"}),
    ("result", {"utter_offer_appointment", "utter_offer_which"}),
    ("quiz_stopped", {"utter_quiz_stopped"}),
    ("offer", {"utter_greet", "utter_restart", "utter_what_next", "utter_quiz_explained", "utter_quiz_paused"}),
    ("answer", {"utter_medical_advice_deferral", "utter_payment_answer", "utter_faq_unknown",
                "utter_answer_not_helpful"}),
    ("goodbye", {"utter_goodbye", "utter_offer_declined", "utter_result_declined"}),
)

# Context -> reply kind -> a response, or a button payload to act on as if pressed.
_DECLINED = {NO: "utter_offer_declined", DECLINE: "utter_offer_declined", SKIP: "utter_offer_declined"}
_CLOSED = {NO: "utter_goodbye", DECLINE: "utter_goodbye", SKIP: "utter_goodbye"}
REPLIES: Dict[str, Dict[str, str]] = {
    "offer": {YES: START_QUIZ, ACKNOWLEDGE: START_QUIZ, UNSURE: "utter_quiz_explained", **_DECLINED},
    "result": {YES: "utter_offer_which", ACKNOWLEDGE: "utter_offer_which", UNSURE: "utter_offer_which",
               NO: "utter_result_declined", DECLINE: "utter_result_declined", SKIP: "utter_result_declined"},
    "quiz_stopped": {YES: "utter_quiz_paused", ACKNOWLEDGE: "utter_quiz_paused", UNSURE: "utter_quiz_paused",
                     **_DECLINED},
    "request_sent": {YES: "utter_what_next", UNSURE: "utter_what_next", ACKNOWLEDGE: "utter_anything_else",
                     **_CLOSED},
    "request_closed": {YES: "utter_what_next", UNSURE: "utter_what_next", ACKNOWLEDGE: "utter_anything_else",
                       **_CLOSED},
    "answer": {YES: "utter_anything_else", ACKNOWLEDGE: "utter_anything_else", NO: "utter_answer_not_helpful",
               UNSURE: "utter_answer_not_helpful", DECLINE: "utter_goodbye", SKIP: "utter_goodbye"},
    "alert": {kind: "utter_after_alert" for kind in (YES, NO, UNSURE, SKIP, ACKNOWLEDGE, DECLINE, THANKS)},
    "goodbye": {YES: "utter_what_next", UNSURE: "utter_what_next", **_CLOSED, ACKNOWLEDGE: "utter_goodbye"},
    "other": {YES: "utter_what_next", UNSURE: "utter_what_next", ACKNOWLEDGE: "utter_what_next", **_CLOSED},
}
WELCOME = "utter_you_are_welcome"
# The classifier's intent, when the words are more than a short reply ("yes I'd like that").
# "stop" with nothing running is a "not now".
_KIND_OF_INTENT = {**ANSWER_INTENTS, "thank": THANKS, "stop": DECLINE}


def context_of(turn: Optional[AssistantTurn]) -> str:
    """What kind of turn the assistant's last one was, for reading a short reply."""
    if turn is None:
        return "other"
    if TRIAGE_ALERT in turn.payload_types:
        return "alert"
    if BOOKING_CONFIRMATION in turn.payload_types:
        return "request_sent"
    said = set(turn.responses)
    for context, responses in _CONTEXT_RESPONSES:
        if said & responses:
            return context
    if "action_answer_faq" in turn.actions or any(r.startswith("utter_faq/") for r in said):
        return "answer"
    return "other"


def kind_of(turn: Turn) -> Optional[str]:
    """The kind of short reply: from a pressed or typed button ("/deny", "2" for "No"), from the
    words ("no thanks"), else from the classifier's intent ("yes I'd like that": affirm)."""
    pressed = answer_of(turn.chosen["payload"]) if turn.chosen is not None else None
    if pressed:
        return pressed
    kind = None if turn.is_typed_command else reply_kind(turn.text)
    return kind or _KIND_OF_INTENT.get(turn.intent or "")


def reply_in_context(
    dispatcher: CollectingDispatcher, tracker: Tracker, turn: Turn, turns: List[AssistantTurn]
) -> Optional[List[Dict[str, Any]]]:
    """Answer a short reply or a typed button in context; None when the message is neither."""
    chosen = turn.chosen
    if chosen is not None and not turn.is_typed_command and not answer_of(chosen["payload"]):
        return as_pressed(tracker, turn, chosen["payload"])
    kind = kind_of(turn)
    if kind is None:
        return None
    if turns and DID_YOU_MEAN in turns[0].responses and kind in (NO, DECLINE):
        dispatcher.utter_message(response="utter_ask_rephrase")  # "No, something else"
        return []
    context = context_of(last_question(turns))
    reply = REPLIES[context].get(kind) or (WELCOME if kind == THANKS else None)
    if reply is None:
        return None
    if reply.startswith("/"):
        return as_pressed(tracker, turn, reply)
    dispatcher.utter_message(response=reply)
    return []


def as_pressed(tracker: Tracker, turn: Turn, payload: str) -> Optional[List[Dict[str, Any]]]:
    """The message again, as the button with this payload: the same words, its intent.

    Rasa then answers it as if the button had been pressed (the rules of that intent), the way
    its own two-stage fallback replays a clarified message. Only our own buttons' payloads get
    here (a bare "/intent"), so a typed "/intent{...}" can never set anything."""
    intent = payload[1:]
    if not payload.startswith("/") or not intent.isidentifier():
        return None
    latest = tracker.latest_message or {}
    parse = {"text": turn.text, "intent": {"name": intent, "confidence": 1.0},
             "intent_ranking": [{"name": intent, "confidence": 1.0}], "entities": []}
    replayed = UserUttered(turn.text, parse_data=parse, input_channel=tracker.get_latest_input_channel())
    if latest.get("metadata"):
        replayed["metadata"] = latest["metadata"]
    return [UserUtteranceReverted(), ActionExecuted("action_listen"), replayed]
