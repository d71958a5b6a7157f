"""FAQ answers from the ResponseSelector, insurance and payment answers from clinic.yml, and an
honest "I don't know" when it is unsure."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic_core.clinic import clinic
from clinic_core.language.answers import looks_like_command
from clinic_core.language.payment import payment_topic

# Below this the selected answer is more likely wrong than right; saying "I don't know" and
# recording the question for staff is better than a confident wrong answer.
MIN_ANSWER_CONFIDENCE = 0.5
# A message the classifier could not place is answered from the FAQ only when the selector is
# this sure and the FAQ is the classifier's own best guess ("never swallowed by the fallback").
SURE_ANSWER_CONFIDENCE = 0.8
MIN_FAQ_GUESS = 0.2
INSURANCE_ANSWER = "utter_faq/insurance"


def selected_answer(message: Dict[str, Any]) -> Tuple[Optional[str], float]:
    """The FAQ answer the ResponseSelector chose and how sure it is."""
    response = (((message.get("response_selector") or {}).get("faq") or {}).get("response")) or {}
    return response.get("utter_action"), float(response.get("confidence") or 0.0)


def answer_payment(dispatcher: CollectingDispatcher, text: str, key: Optional[str], confidence: float,
                   named_only: bool = False) -> bool:
    """Answer an insurance or payment question from clinic.yml (Medicare, self-pay...) unless the
    selector is sure the question is about another topic ("a pain diary for insurance approval").
    ``named_only``: only a named payer or way to pay, not the general coverage words."""
    payment = clinic().payment
    topic = payment_topic(text, payment)
    if topic is None or (key not in (None, INSURANCE_ANSWER) and confidence >= MIN_ANSWER_CONFIDENCE):
        return False
    if named_only and topic == "coverage" and key != INSURANCE_ANSWER:
        return False
    dispatcher.utter_message(response="utter_payment_answer", payment_answer=payment[topic])
    return True


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        message = tracker.latest_message or {}
        key, confidence = selected_answer(message)
        if answer_payment(dispatcher, message.get("text") or "", key, confidence):
            return []
        if key and confidence >= MIN_ANSWER_CONFIDENCE:
            dispatcher.utter_message(response=key)
            return []
        dispatcher.utter_message(response="utter_faq_unknown")
        return [SlotSet("unanswered_question", (message.get("text") or "")[:1000])]


def answer_if_sure(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[str, Any]]]:
    """For the fallback: an insurance question, or an FAQ the selector is sure of; else None."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    if not text.strip() or looks_like_command(text):
        return None
    key, confidence = selected_answer(message)
    sure_key = key if confidence >= SURE_ANSWER_CONFIDENCE else None
    if answer_payment(dispatcher, text, sure_key, confidence, named_only=True):
        return []
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
    best = ranking[0] if ranking else {}
    if key and confidence >= SURE_ANSWER_CONFIDENCE and best.get("name") == "faq" \
            and float(best.get("confidence") or 0) >= MIN_FAQ_GUESS:
        dispatcher.utter_message(response=key)
        return []
    return None
