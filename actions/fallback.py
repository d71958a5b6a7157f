"""The two-stage fallback, in plain words and ending with the clinic's phone number."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

# What each intent means to a patient, for "Did you mean ...?".
INTENT_MEANINGS = {
    "start_quiz": "take the pain quiz",
    "describe_symptoms": "tell me about your pain",
    "faq": "ask a question about SI joint pain or its treatments",
    "ask_medical_advice": "ask about your medicines",
    "request_appointment": "request an appointment",
    "greet": "say hello",
    "goodbye": "end the chat",
    "help": "see what I can do",
    "bot_challenge": "ask if I'm a bot",
    "stop": "stop what we're doing",
    "restart": "start over",
}


# Below this a "Did you mean ...?" is a wild guess (the VocabularyGuard sets 0 for gibberish).
MIN_GUESS_CONFIDENCE = 0.1


class ActionDefaultAskAffirmation(Action):
    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        guess = next((i["name"] for i in ranking
                      if i.get("name") in INTENT_MEANINGS and float(i.get("confidence") or 0) >= MIN_GUESS_CONFIDENCE),
                     None)
        if guess is None:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        dispatcher.utter_message(
            text=f"Sorry, I'm not sure I understood. Did you want to {INTENT_MEANINGS[guess]}?",
            buttons=[
                {"title": "Yes", "payload": f"/{guess}"},
                {"title": "No, something else", "payload": "/out_of_scope"},
            ],
        )
        return []


class ActionDefaultFallback(Action):
    """Gives up honestly, gives the phone number, and keeps the question for staff review."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(response="utter_default")
        question = _first_unclear_message(tracker)
        events: List[Dict[str, Any]] = []
        if question:
            events.append(SlotSet("unanswered_question", question[:1000]))
        return [*events, UserUtteranceReverted()]


# The two-stage fallback spans at most this many user messages: the unclear one, "no, something
# else", and the rephrasing. Looking further back could pick up an old answer (a phone number).
FALLBACK_SPAN = 3


def _first_unclear_message(tracker: Tracker) -> str:
    """The user's message that started the fallback (not "no, something else")."""
    user_events = [e for e in tracker.events if e.get("event") == "user"][-FALLBACK_SPAN:]
    for event in user_events:
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent == "nlu_fallback":
            return event.get("text") or ""
    return (tracker.latest_message or {}).get("text") or ""
